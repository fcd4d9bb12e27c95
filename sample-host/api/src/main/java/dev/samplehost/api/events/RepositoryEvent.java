package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;

/** A repository was created or deleted by {@code actor}. */
public record RepositoryEvent(Action action, UserRef actor, RepoRef repository) {

  /** What happened to the repository. */
  public enum Action { CREATED, DELETED }
}
