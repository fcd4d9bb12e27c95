package dev.samplehost.api.events;

import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;

/** A collaborator was added (or their permission changed) or removed; {@code permission} is NONE on removal. */
public record CollaboratorEvent(
    Action action, UserRef actor, RepoRef repository, UserRef collaborator, Permission permission) {

  /** What happened to the collaborator. */
  public enum Action { ADDED, REMOVED }
}
