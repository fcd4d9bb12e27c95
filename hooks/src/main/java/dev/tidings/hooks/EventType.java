package dev.tidings.hooks;

import java.util.HashMap;
import java.util.Map;

/**
 * The types of Tidings events, each with its wire name ({@code "event"} in an envelope, see
 * docs/events.md). Pull request types go to a repository's {@code /prs} channel too, issue types to
 * its {@code /issues} channel.
 */
public enum EventType {
  PUSH("push"),
  BRANCH_CREATED("branch.created"),
  BRANCH_DELETED("branch.deleted"),
  TAG_CREATED("tag.created"),
  TAG_DELETED("tag.deleted"),
  PR_OPENED("pr.opened"),
  PR_SYNCHRONIZED("pr.synchronized"),
  PR_CLOSED("pr.closed"),
  PR_REOPENED("pr.reopened"),
  PR_MERGED("pr.merged"),
  PR_EDITED("pr.edited"),
  PR_REVIEW("pr.review"),
  PR_REVIEW_REQUESTED("pr.review_requested"),
  PR_COMMENT("pr.comment"),
  PR_ASSIGNED("pr.assigned"),
  ISSUE_OPENED("issue.opened"),
  ISSUE_CLOSED("issue.closed"),
  ISSUE_REOPENED("issue.reopened"),
  ISSUE_EDITED("issue.edited"),
  ISSUE_ASSIGNED("issue.assigned"),
  ISSUE_COMMENT("issue.comment"),
  REPO_CREATED("repo.created"),
  REPO_DELETED("repo.deleted"),
  COMMIT_STATUS("commit.status");

  private static final Map<String, EventType> BY_WIRE = new HashMap<>();

  static {
    for (EventType t : values()) {
      BY_WIRE.put(t.wire, t);
    }
  }

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  /** The name on the wire and in the log. */
  public String wire() {
    return wire;
  }

  /** A pull request event (also on {@code repo:o/n/prs}). */
  public boolean pullRequest() {
    return wire.startsWith("pr.");
  }

  /** An issue event (also on {@code repo:o/n/issues}). */
  public boolean issue() {
    return wire.startsWith("issue.");
  }

  /** The type named {@code wire}; unknown names are an {@link IllegalArgumentException}. */
  public static EventType of(String wire) {
    EventType t = BY_WIRE.get(wire);
    if (t == null) {
      throw new IllegalArgumentException("Not a Tidings event type: " + wire);
    }
    return t;
  }

  /** The wire name, so that logs read as before. */
  @Override
  public String toString() {
    return wire;
  }
}
