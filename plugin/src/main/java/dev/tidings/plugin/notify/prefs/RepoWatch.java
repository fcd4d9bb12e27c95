package dev.tidings.plugin.notify.prefs;

import java.util.Set;

/** A user's watch level for one repository, overriding their default. */
public record RepoWatch(
    long userId, String login, long repoId, String owner, String name, WatchLevel level,
    Set<EventKind> kinds, long createdAt) {

  /** {@code owner/name}. */
  public String fullName() {
    return owner + "/" + name;
  }
}
