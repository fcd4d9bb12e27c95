package dev.tidings.plugin.notify.email;

/** One claimed email-to-be: a thread update for one user. */
public record OutboxRow(
    long id, long userId, String login, EmailMode mode, String subjectKey, String subjectType, long number,
    String title, String htmlUrl, long repoId, String repoOwner, String repoName, String reason, String actor,
    String eventType, long createdAt, int attempts) {

  /** {@code owner/name}. */
  public String repoFullName() {
    return repoOwner + "/" + repoName;
  }
}
