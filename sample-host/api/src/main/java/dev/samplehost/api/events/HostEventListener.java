package dev.samplehost.api.events;

/**
 * Receives the host's events after they are committed; override only what you need. Called on the
 * thread that performed the action (an HTTP request), so implementations must return quickly and
 * never throw: the host logs and ignores a listener's exception.
 */
public interface HostEventListener {

  /** A repository was created or deleted. */
  default void onRepository(RepositoryEvent event) {}

  /** An issue (not a pull request) was opened, closed, reopened, edited or assigned. */
  default void onIssue(IssueEvent event) {}

  /** A pull request was opened, synchronized, closed, reopened or merged. */
  default void onPullRequest(PullRequestEvent event) {}

  /** A review was submitted on a pull request. */
  default void onReview(ReviewEvent event) {}

  /** Someone was asked to review a pull request. */
  default void onReviewRequested(ReviewRequestedEvent event) {}

  /** A comment was added to an issue or a pull request. */
  default void onComment(CommentEvent event) {}

  /** A collaborator was added to or removed from a repository. */
  default void onCollaborator(CollaboratorEvent event) {}

  /** A commit status (CI result or progress) was set on a commit. */
  default void onCommitStatus(CommitStatusEvent event) {}

  /** A member was added to or removed from an organisation. */
  default void onOrganizationMember(OrganizationMemberEvent event) {}

  /**
   * A session or token was revoked (sign-out, expiry, deletion) or its user deleted: close what was
   * opened with it. Fired after the credential is gone, so {@code Authenticator.isCurrent} already
   * answers false.
   */
  default void onCredentialRevoked(CredentialEvent event) {}
}
