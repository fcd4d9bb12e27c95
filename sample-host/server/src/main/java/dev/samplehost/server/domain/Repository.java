package dev.samplehost.server.domain;

import dev.samplehost.api.RepoRef;
import java.time.Instant;

/** A hosted repository; {@code owner} is a user login or an organisation name. */
public record Repository(
    long id, long ownerId, String owner, boolean ownerIsOrganization, String name,
    String description, boolean isPrivate, String defaultBranch, Instant created, Instant updated) {

  /** {@code owner/name}. */
  public String fullName() {
    return owner + "/" + name;
  }

  /** The repository as plugins see it. */
  public RepoRef toRef() {
    return new RepoRef(id, owner, name, isPrivate, ownerIsOrganization, defaultBranch);
  }
}
