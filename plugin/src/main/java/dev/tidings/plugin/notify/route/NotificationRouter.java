package dev.tidings.plugin.notify.route;

import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.store.NotificationThread;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Where an event becomes notifications: a repository's creation or deletion changes watches
 * ({@link RepoWatchLifecycle}); any other event is planned ({@link NotificationPlanner}) and its
 * threads written and published ({@link ThreadFanOut}).
 *
 * <p>Events come from {@link NotificationFeed}, which reads them from the log's journal and gives
 * each one a {@link RoutingCheckpoint} written in the same transaction as the event's threads (or
 * watch or deletion): an event's effects and "done" commit together or not at all.
 */
@Singleton
public final class NotificationRouter {

  private final RepoWatchLifecycle lifecycle;
  private final NotificationPlanner planner;
  private final ThreadFanOut fanOut;

  @Inject
  NotificationRouter(RepoWatchLifecycle lifecycle, NotificationPlanner planner, ThreadFanOut fanOut) {
    this.lifecycle = lifecycle;
    this.planner = planner;
    this.fanOut = fanOut;
  }

  /** Routes one event without a checkpoint and returns the threads written. */
  public List<NotificationThread> route(TidingsEvent event) throws Exception {
    return route(event, null);
  }

  /**
   * Routes one event, writing {@code checkpoint} (may be null) with the event's threads, watch or
   * deletion. When the event writes nothing, the checkpoint is not written (the caller saves it).
   */
  public List<NotificationThread> route(TidingsEvent event, RoutingCheckpoint checkpoint) throws Exception {
    if (event.repository() == null) {
      return List.of();
    }
    if (RepoWatchLifecycle.handles(event)) {
      lifecycle.apply(event, checkpoint);
      return List.of();
    }
    long start = System.nanoTime();
    var plan = planner.plan(event);
    if (plan.isEmpty()) {
      return List.of();
    }
    return fanOut.write(event, plan, checkpoint, System.nanoTime() - start);
  }
}
