package dev.tidings.plugin.notify.store;

/**
 * What one event says about a subject, shared by every recipient's thread: subject fields in
 * Gitea's form (type Issue/Pull/Commit/Repository, API and web URLs), the repository, and the
 * latest actor and event type.
 */
public record ThreadSubject(
    String key, String type, long number, String title, String state, String url, String htmlUrl,
    String latestCommentUrl, String latestCommentHtmlUrl, long repoId, String repoOwner, String repoName,
    String actor, String eventType) {}
