package dev.tidings.plugin.hub;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A tiny stand-in for the host's directory and access control in hub unit tests. */
public final class HostFake implements AccessControl, Directory {

  final Map<String, RepoRef> repos = new ConcurrentHashMap<>();
  /** "owner/name" -> logins that may read it (besides public access). */
  public final Map<String, Set<String>> readers = new ConcurrentHashMap<>();

  public void repo(String owner, String name, boolean isPrivate, String... readersOf) {
    repos.put(owner + "/" + name, new RepoRef(repos.size() + 1, owner, name, isPrivate, owner.equals("acme"), "main"));
    readers.put(owner + "/" + name, ConcurrentHashMap.newKeySet());
    readers.get(owner + "/" + name).addAll(List.of(readersOf));
  }

  @Override
  public Permission permission(String login, String owner, String name) {
    RepoRef r = repos.get(owner + "/" + name);
    if (r == null) {
      return Permission.NONE;
    }
    if (login != null && readers.get(owner + "/" + name).contains(login)) {
      return Permission.WRITE;
    }
    return r.isPrivate() ? Permission.NONE : Permission.READ;
  }

  @Override
  public boolean canSeeOrganization(String login, String org) {
    return true;
  }

  @Override
  public boolean isAdmin(String login) {
    return false;
  }

  @Override
  public Optional<UserRef> user(String login) {
    return Optional.of(new UserRef(1, login, login, login + "@example.org", false));
  }

  @Override
  public Optional<RepoRef> repository(String owner, String name) {
    return Optional.ofNullable(repos.get(owner + "/" + name));
  }

  @Override
  public List<RepoRef> repositoriesOf(String owner) {
    return repos.values().stream().filter(r -> r.owner().equals(owner)).toList();
  }

  @Override
  public Map<String, Permission> collaborators(String owner, String name) {
    return Map.of();
  }

  @Override
  public boolean isOrganization(String name) {
    return name.equals("acme");
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
