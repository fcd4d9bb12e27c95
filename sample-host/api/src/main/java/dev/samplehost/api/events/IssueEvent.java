package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.List;

/**
 * Something happened to an issue; for {@code ASSIGNED}, {@code newAssignees} holds the users who
 * were just assigned (empty otherwise).
 */
public record IssueEvent(
    Action action, UserRef actor, RepoRef repository, IssueSnapshot issue, List<UserRef> newAssignees) {

  /** What happened to the issue. */
  public enum Action { OPENED, CLOSED, REOPENED, EDITED, ASSIGNED }
}
