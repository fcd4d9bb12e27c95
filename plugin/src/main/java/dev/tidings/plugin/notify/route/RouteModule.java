package dev.tidings.plugin.notify.route;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.notify.store.ThreadWriteListener;

/** Bindings for routing events to notification threads (the feed, the router and its parts, the publisher). */
public final class RouteModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(RecipientFilter.class);
    bind(RecipientResolver.class);
    bind(NotificationPlanner.class);
    bind(RepoWatchLifecycle.class);
    bind(ThreadFanOut.class);
    bind(NotificationRouter.class);
    bind(NotificationPublisher.class);
    bind(NotificationFeed.class);
    // Parts that write with the threads, in their transaction (e.g. the email outbox); may be none.
    Multibinder.newSetBinder(binder(), ThreadWriteListener.class);
  }
}
