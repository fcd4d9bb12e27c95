package dev.tidings.hooks;

import dev.samplehost.api.Directory;
import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A fixed user directory for tests: alice, bob and carol exist. */
final class TestDirectory implements Directory {

  static final Set<String> USERS = Set.of("alice", "bob", "carol");

  @Override
  public Optional<UserRef> user(String login) {
    return USERS.contains(login) ? Optional.of(user0(login)) : Optional.empty();
  }

  static UserRef user0(String login) {
    return new UserRef(login.hashCode(), login, login.substring(0, 1).toUpperCase() + login.substring(1), login + "@example.org", false);
  }

  @Override
  public Optional<RepoRef> repository(String owner, String name) {
    return Optional.empty();
  }

  @Override
  public List<RepoRef> repositoriesOf(String owner) {
    return List.of();
  }

  @Override
  public Map<String, Permission> collaborators(String owner, String name) {
    return Map.of();
  }

  @Override
  public boolean isOrganization(String name) {
    return false;
  }

  @Override
  public List<String> organizationMembers(String org) {
    return List.of();
  }

  @Override
  public Optional<Participants> participants(String owner, String name, long number) {
    return Optional.empty();
  }
}
