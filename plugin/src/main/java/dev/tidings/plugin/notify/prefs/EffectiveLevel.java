package dev.tidings.plugin.notify.prefs;

import java.util.Set;

/** The watch level that applies to one user in one repository, and the kinds when it is custom. */
public record EffectiveLevel(WatchLevel level, Set<EventKind> kinds) {

  /** Whether this level lets watcher-style activity of {@code kind} through. */
  public boolean watches(EventKind kind) {
    return level == WatchLevel.WATCHING || (level == WatchLevel.CUSTOM && kinds.contains(kind));
  }

  /** Whether activity the user takes part in reaches them. */
  public boolean participates() {
    return level == WatchLevel.WATCHING || level == WatchLevel.PARTICIPATING || level == WatchLevel.CUSTOM;
  }

  /** Whether mentions and review requests reach them. */
  public boolean mentions() {
    return level != WatchLevel.IGNORE;
  }
}
