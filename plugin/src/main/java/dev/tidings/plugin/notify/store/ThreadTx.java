package dev.tidings.plugin.notify.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The thread writes that run inside a caller's transaction, on the writer thread with the
 * writer's connection (so that they commit with the caller's other changes, e.g. the router's
 * checkpoint); {@link ThreadStore} holds the reads and the writes that are a transaction of their own.
 */
public final class ThreadTx {

  // Portable SQL (SQLite and PostgreSQL): the existing row's columns are qualified, as PostgreSQL
  // calls a bare name ambiguous next to excluded.*, and no two-argument max().
  // A read thread becomes unread again; unread and pinned keep their status (Gitea); the
  // stronger reason wins (GitHub); a comment URL is only replaced by a newer one.
  private static final String UPSERT = "INSERT INTO notify_thread (user_id, user_login, subject_key, subject_type, "
      + "subject_number, subject_title, subject_state, subject_url, subject_html_url, latest_comment_url, "
      + "latest_comment_html_url, repo_id, repo_owner, repo_name, reason, reason_rank, status, latest_actor, "
      + "latest_event, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?) "
      + "ON CONFLICT(user_id, subject_key) DO UPDATE SET user_login = excluded.user_login, "
      + "subject_type = excluded.subject_type, subject_number = excluded.subject_number, "
      + "subject_title = CASE WHEN excluded.subject_title <> '' THEN excluded.subject_title ELSE notify_thread.subject_title END, "
      + "subject_state = excluded.subject_state, subject_url = excluded.subject_url, "
      + "subject_html_url = excluded.subject_html_url, "
      + "latest_comment_url = CASE WHEN excluded.latest_comment_url <> '' THEN excluded.latest_comment_url ELSE notify_thread.latest_comment_url END, "
      + "latest_comment_html_url = CASE WHEN excluded.latest_comment_html_url <> '' THEN excluded.latest_comment_html_url ELSE notify_thread.latest_comment_html_url END, "
      + "repo_owner = excluded.repo_owner, repo_name = excluded.repo_name, "
      + "reason = CASE WHEN excluded.reason_rank > notify_thread.reason_rank THEN excluded.reason ELSE notify_thread.reason END, "
      + "reason_rank = " + SqlPortable.greater("notify_thread.reason_rank", "excluded.reason_rank") + ", "
      + "status = CASE WHEN notify_thread.status = 2 THEN 1 ELSE notify_thread.status END, "
      + "latest_actor = excluded.latest_actor, latest_event = excluded.latest_event, "
      + "updated_at = " + SqlPortable.greater("excluded.updated_at", "notify_thread.updated_at + 1");

  private ThreadTx() {}

  /**
   * The upsert on the writer's connection (inside a write), as JDBC batches: a RETURNING row per
   * statement measured 3x slower, and reading the rows back inside the transaction held the
   * writer (shared with the event log) longer than the inserts; callers read them with
   * {@link ThreadStore#threads} after the commit.
   */
  public static int upsert(Connection c, ThreadSubject s, List<Recipient> recipients, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      int pending = 0;
      for (Recipient r : recipients) {
        int i = 1;
        ps.setLong(i++, r.userId());
        ps.setString(i++, r.login());
        ps.setString(i++, s.key());
        ps.setString(i++, s.type());
        ps.setLong(i++, s.number());
        ps.setString(i++, nz(s.title()));
        ps.setString(i++, nz(s.state()));
        ps.setString(i++, nz(s.url()));
        ps.setString(i++, nz(s.htmlUrl()));
        ps.setString(i++, nz(s.latestCommentUrl()));
        ps.setString(i++, nz(s.latestCommentHtmlUrl()));
        ps.setLong(i++, s.repoId());
        ps.setString(i++, s.repoOwner());
        ps.setString(i++, s.repoName());
        ps.setString(i++, r.reason().wire());
        ps.setInt(i++, r.reason().rank());
        ps.setString(i++, nz(s.actor()));
        ps.setString(i++, nz(s.eventType()));
        ps.setLong(i++, now);
        ps.setLong(i, now);
        ps.addBatch();
        if (++pending == 1000) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
    return recipients.size();
  }

  /** Unread threads of the user, as this transaction sees them. */
  static long unreadCount(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notify_thread WHERE user_id = ? AND status = 1")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Deletes every thread, watch and issue subscription of a deleted repository (inside a write). */
  public static void deleteRepository(Connection c, long repoId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_thread WHERE repo_id = ?")) {
      ps.setLong(1, repoId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_watch WHERE repo_id = ?")) {
      ps.setLong(1, repoId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_thread_subscription WHERE repo_id = ?")) {
      ps.setLong(1, repoId);
      ps.executeUpdate();
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
