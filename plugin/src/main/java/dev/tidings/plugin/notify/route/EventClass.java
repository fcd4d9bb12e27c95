package dev.tidings.plugin.notify.route;

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
  static EventClass of(String type) {
    if (type == null) {
      return null;
    }
    if (type.endsWith(".assigned") || type.endsWith(".assign")) {
      return new EventClass(EventKind.ASSIGNMENTS, Reason.ASSIGN, Target.ASSIGNEES);
    }
    if (type.contains("review_requested") || type.contains("review.requested")) {
      return new EventClass(EventKind.ASSIGNMENTS, Reason.REVIEW_REQUESTED, Target.REVIEWERS);
    }
    return switch (type) {
      case "push" -> new EventClass(EventKind.PUSHES, Reason.SUBSCRIBED, Target.EVERYONE);
      case "pr.synchronized" -> new EventClass(EventKind.PUSHES, Reason.PUSH, Target.EVERYONE);
      case "pr.comment", "issue.comment" -> new EventClass(EventKind.COMMENTS, Reason.SUBSCRIBED, Target.EVERYONE);
      case "pr.review" -> new EventClass(EventKind.REVIEWS, Reason.SUBSCRIBED, Target.EVERYONE);
      case "pr.opened" -> new EventClass(EventKind.PRS, Reason.SUBSCRIBED, Target.EVERYONE);
      case "pr.closed", "pr.merged", "pr.reopened" ->
          new EventClass(EventKind.PRS, Reason.STATE_CHANGE, Target.EVERYONE);
      case "issue.opened" -> new EventClass(EventKind.ISSUES, Reason.SUBSCRIBED, Target.EVERYONE);
      case "issue.closed", "issue.reopened" -> new EventClass(EventKind.ISSUES, Reason.STATE_CHANGE, Target.EVERYONE);
      case "issue.edited", "pr.edited" -> new EventClass(EventKind.MENTIONS, Reason.MENTION, Target.MENTIONED);
      default -> null;
    };
  }
}
