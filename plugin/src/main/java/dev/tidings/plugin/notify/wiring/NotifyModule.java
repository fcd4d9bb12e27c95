package dev.tidings.plugin.notify.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.samplehost.api.RepoRef;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.notify.api.GiteaJson;
import dev.tidings.plugin.notify.api.Http;
import dev.tidings.plugin.notify.api.IssueSubscriptionApi;
import dev.tidings.plugin.notify.api.IssueSubscriptionRoute;
import dev.tidings.plugin.notify.api.IssueSubscriptions;
import dev.tidings.plugin.notify.api.NotificationsApi;
import dev.tidings.plugin.notify.api.PreferencesApi;
import dev.tidings.plugin.notify.api.SubscriptionApi;
import dev.tidings.plugin.notify.email.EmailModule;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.ThreadSubscriptionStore;
import dev.tidings.plugin.notify.route.NotificationFeed;
import dev.tidings.plugin.notify.route.RouteModule;
import dev.tidings.plugin.notify.route.ThreadJson;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.notify.store.AccessLossPurger;
import dev.tidings.plugin.notify.store.RetentionSweeper;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.pipeline.CommittedEventListener;
import dev.tidings.plugin.web.ApiRoute;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Singleton;
import java.util.Map;

/** Bindings for notifications, watch levels, preferences and their REST API. */
public final class NotifyModule extends AbstractModule {

  private final boolean journalFeed;

  /** Routing fed from the log's journal ({@link NotificationFeed}): the single-node SQLite log. */
  public NotifyModule() {
    this(true);
  }

  /**
   * With {@code journalFeed} false the router's input is bound elsewhere ({@code broker=redis}
   * binds the Redis work stream's feed), and the journal's feed is not started.
   */
  public NotifyModule(boolean journalFeed) {
    this.journalFeed = journalFeed;
  }

  @Override
  protected void configure() {
    bind(NotifyMetrics.class);
    bind(ThreadStore.class);
    bind(PreferencesStore.class);
    bind(ThreadSubscriptionStore.class);
    bind(IssueSubscriptions.class);
    bind(IssueSubscriptionApi.class);
    bind(IssueSubscriptionRoute.class);
    bind(GiteaJson.class);
    bind(Http.class);
    install(new RouteModule());
    install(new EmailModule());
    bind(NotificationsApi.class);
    bind(SubscriptionApi.class);
    bind(PreferencesApi.class);
    bind(RetentionSweeper.class);
    bind(AccessLossPurger.class);

    // The router reads committed events from the journal (durable); a live commit only wakes it.
    Multibinder<CommittedEventListener> listeners = Multibinder.newSetBinder(binder(), CommittedEventListener.class);
    if (journalFeed) {
      listeners.addBinding().to(NotificationFeed.class);
    }
    Multibinder<ApiRoute> api = Multibinder.newSetBinder(binder(), ApiRoute.class);
    api.addBinding().to(NotificationsApi.class);
    api.addBinding().to(SubscriptionApi.class);
    api.addBinding().to(IssueSubscriptionApi.class);
    Multibinder<PluginRoute> routes = Multibinder.newSetBinder(binder(), PluginRoute.class);
    routes.addBinding().to(PreferencesApi.class);
    routes.addBinding().to(IssueSubscriptionRoute.class);
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(RetentionSweeper.class);
    if (journalFeed) {
      managed.addBinding().to(NotificationFeed.class);
    }
    managed.addBinding().to(AccessLossPurger.class);
  }

  /** The notification events carry the API's JSON shapes; routing sees them through {@link ThreadJson}. */
  @Provides
  @Singleton
  ThreadJson threadJson(GiteaJson json) {
    return new ThreadJson() {
      @Override
      public Map<String, Object> repository(RepoRef repository) {
        return json.repository(repository);
      }

      @Override
      public Map<String, Object> thread(NotificationThread thread, Object repositoryJson) {
        return json.threadWith(thread, repositoryJson);
      }
    };
  }
}
