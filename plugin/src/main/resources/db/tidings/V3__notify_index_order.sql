-- NOTIFY: the list order is "updated_at DESC, id DESC". With ascending indexes SQLite walks them
-- backwards and gets exactly that order (the rowid is the implicit last column), so no page needs
-- a sort; V2's "updated_at DESC" columns left the id tie-breaker to a temporary B-tree.
DROP INDEX ix_notify_thread_user_status_updated;
DROP INDEX ix_notify_thread_user_updated;
DROP INDEX ix_notify_thread_user_repo_updated;
CREATE INDEX ix_notify_thread_user_status_updated ON notify_thread (user_id, status, updated_at);
CREATE INDEX ix_notify_thread_user_updated ON notify_thread (user_id, updated_at);
CREATE INDEX ix_notify_thread_user_repo_updated ON notify_thread (user_id, repo_id, updated_at);
