package dev.samplehost.api;

/** A repository as plugins see it; {@code owner} is a user login or an organisation name. */
public record RepoRef(
    long id, String owner, String name, boolean isPrivate, boolean ownerIsOrganization,
    String defaultBranch) {

  /** {@code owner/name}, the form used in URLs and channel names. */
  public String fullName() {
    return owner + "/" + name;
  }
}
