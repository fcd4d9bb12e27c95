package dev.tidings.plugin.notify.route;

import dev.tidings.hooks.EventType;
import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.prefs.EventKind;

/**
 * How the router treats one event type: which kind of activity it is (for custom levels and
 * delivery toggles), the reason watchers get, and whether only a named target is told (Gitea:
 * an assignment reaches the assignee only, a review request the reviewer only).
 */
record EventClass(EventKind kind, Reason watcherReason, Target target) {

  /**
   * Who an event is about when it is not broadcast to watchers; {@code MENTIONED}: the users an
   * edit mentions who were not mentioned before (GitHub and Gitea notify only those).
   */
  enum Target { EVERYONE, ASSIGNEES, REVIEWERS, MENTIONED }

  /** The class of {@code type}, or null when events of this type never notify. */
  static EventClass of(EventType type) {
    return switch (type) {
      case ISSUE_ASSIGNED, PR_ASSIGNED -> new EventClass(EventKind.ASSIGNMENTS, Reason.ASSIGN, Target.ASSIGNEES);
      case PR_REVIEW_REQUESTED -> new EventClass(EventKind.ASSIGNMENTS, Reason.REVIEW_REQUESTED, Target.REVIEWERS);
      case PUSH -> new EventClass(EventKind.PUSHES, Reason.SUBSCRIBED, Target.EVERYONE);
      case PR_SYNCHRONIZED -> new EventClass(EventKind.PUSHES, Reason.PUSH, Target.EVERYONE);
      case PR_COMMENT, ISSUE_COMMENT -> new EventClass(EventKind.COMMENTS, Reason.SUBSCRIBED, Target.EVERYONE);
      case PR_REVIEW -> new EventClass(EventKind.REVIEWS, Reason.SUBSCRIBED, Target.EVERYONE);
      case PR_OPENED -> new EventClass(EventKind.PRS, Reason.SUBSCRIBED, Target.EVERYONE);
      case PR_CLOSED, PR_MERGED, PR_REOPENED -> new EventClass(EventKind.PRS, Reason.STATE_CHANGE, Target.EVERYONE);
      case ISSUE_OPENED -> new EventClass(EventKind.ISSUES, Reason.SUBSCRIBED, Target.EVERYONE);
      case ISSUE_CLOSED, ISSUE_REOPENED -> new EventClass(EventKind.ISSUES, Reason.STATE_CHANGE, Target.EVERYONE);
      case ISSUE_EDITED, PR_EDITED -> new EventClass(EventKind.MENTIONS, Reason.MENTION, Target.MENTIONED);
      case BRANCH_CREATED, BRANCH_DELETED, TAG_CREATED, TAG_DELETED, REPO_CREATED, REPO_DELETED -> null;
      case COMMIT_STATUS -> null; // CI results notify nobody, as in Gitea
    };
  }
}
