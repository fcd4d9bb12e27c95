package dev.tidings.plugin.notify.route;

import dev.samplehost.api.RepoRef;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.ThreadTx;
import dev.tidings.plugin.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a repository's creation and deletion do to notifications: its creator watches it (Gitea's
 * auto-watch), and a deleted repository's threads and watches go; each in one transaction with
 * the event's checkpoint.
 */
@Singleton
final class RepoWatchLifecycle {

  private final Database db;

  @Inject
  RepoWatchLifecycle(Database db) {
    this.db = db;
  }

  /** Whether {@code event} is one of this class's (it then notifies nobody). */
  static boolean handles(TidingsEvent event) {
    return event.type() == EventType.REPO_CREATED || event.type() == EventType.REPO_DELETED;
  }

  /** Applies a {@link #handles handled} event; waits for its commit. */
  void apply(TidingsEvent event, RoutingCheckpoint checkpoint) throws Exception {
    RepoRef r = event.repository();
    if (event.type() == EventType.REPO_DELETED) {
      db.write(c -> {
        ThreadTx.deleteRepository(c, r.id());
        RoutingCheckpoint.mark(c, checkpoint);
        return null;
      }).get(60, TimeUnit.SECONDS);
      return;
    }
    if (event.actor() == null) {
      return;
    }
    long userId = event.actor().id();
    String login = event.actor().login();
    db.write(c -> {
      PreferencesStore.setWatch(c, userId, login, r.id(), r.owner(), r.name(), WatchLevel.WATCHING,
          Set.of(), System.currentTimeMillis());
      RoutingCheckpoint.mark(c, checkpoint);
      return null;
    }).get(60, TimeUnit.SECONDS);
  }
}
