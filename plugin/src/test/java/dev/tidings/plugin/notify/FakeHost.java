package dev.tidings.plugin.notify;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory stand-in for the host's directory and access rules (the host is not under test here). */
final class FakeHost implements Directory, AccessControl {

  final Map<String, UserRef> users = new ConcurrentHashMap<>();
  final Map<String, RepoRef> repos = new ConcurrentHashMap<>();
  final Map<String, Set<String>> readers = new ConcurrentHashMap<>();
  final Map<String, Participants> participants = new ConcurrentHashMap<>();
  private long nextId = 1;

  synchronized UserRef user(String login, boolean admin) {
    UserRef u = new UserRef(nextId++, login, login.toUpperCase(), login + "@example.test", admin);
    users.put(login, u);
    return u;
  }

  synchronized RepoRef repo(String owner, String name, boolean isPrivate, String... readerLogins) {
    RepoRef r = new RepoRef(1000 + nextId++, owner, name, isPrivate, false, "main");
    repos.put(r.fullName(), r);
    Set<String> rs = ConcurrentHashMap.newKeySet();
    rs.add(owner);
    rs.addAll(List.of(readerLogins));
    readers.put(r.fullName(), rs);
    return r;
  }

  void participants(RepoRef r, long number, String author, List<String> assignees, List<String> reviewers,
      List<String> commenters, boolean pull) {
    participants.put(r.fullName() + "#" + number, new Participants(author, assignees, reviewers, commenters, pull));
  }

  @Override
  public Optional<UserRef> user(String login) {
    return Optional.ofNullable(users.get(login));
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
    return new HashMap<>();
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
    return Optional.ofNullable(participants.get(owner + "/" + name + "#" + number));
  }

  @Override
  public Permission permission(String login, String owner, String name) {
    RepoRef r = repos.get(owner + "/" + name);
    if (r == null) {
      return Permission.NONE;
    }
    if (owner.equals(login)) {
      return Permission.OWNER;
    }
    if (!r.isPrivate() || (login != null && readers.getOrDefault(r.fullName(), new HashSet<>()).contains(login))) {
      return Permission.READ;
    }
    return Permission.NONE;
  }

  @Override
  public boolean canSeeOrganization(String login, String org) {
    return true;
  }

  @Override
  public boolean isAdmin(String login) {
    UserRef u = users.get(login);
    return u != null && u.admin();
  }
}
