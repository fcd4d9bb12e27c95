package dev.tidings.plugin.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.PluginContext;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.Audience;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.broker.InProcessBroker;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.EventJournal;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.log.SqliteEventLog;
import dev.tidings.plugin.pipeline.CommitOrder;
import dev.tidings.plugin.pipeline.EventPipeline;
import dev.tidings.plugin.pipeline.PublishingEventLog;
import dev.tidings.plugin.notify.api.GiteaJson;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.ThreadSubscriptionStore;
import dev.tidings.plugin.notify.route.NotificationPublisher;
import dev.tidings.plugin.notify.route.NotificationRouter;
import dev.tidings.plugin.notify.route.RouteModule;
import dev.tidings.plugin.notify.route.ThreadJson;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import dev.tidings.plugin.store.PostgresDatabase;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.store.SqliteDatabase;
import dev.tidings.testing.support.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notification parts wired by hand over a real SQLite file (Flyway V1 + V2), EVENTS' real event
 * log and in-process broker; only the host (directory, access) is an in-memory stand-in.
 */
final class NotifyFixture implements AutoCloseable {

  static final String BASE = "http://h.test/";

  final FakeHost host = new FakeHost();
  final ObjectMapper mapper = new ObjectMapper();
  /** The log's database (events, journal). */
  final SqliteDatabase db;
  /** The notification tables' database: {@link #db} itself, or PostgreSQL. */
  final Database notifyDb;
  final SqliteEventLog store;
  /** The log as the plugin injects it: appends are published. */
  final EventLog log;
  final EventPipeline pipeline;
  final InProcessBroker broker = new InProcessBroker();
  // Not copy-on-write: the receiver runs on the log's writer thread, and copying a 10,000-entry
  // array per event made the fan-out test measure the test.
  final Queue<ChannelEvent> published = new ConcurrentLinkedQueue<>();
  final ThreadStore threads;
  final PreferencesStore prefs;
  final ThreadSubscriptionStore subscriptions;
  final GiteaJson json;
  final NotificationPublisher publisher;
  final NotificationRouter router;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final NotifyMetrics metrics = new NotifyMetrics(meters);
  private final AtomicLong ids = new AtomicLong();

  NotifyFixture(Path dir) throws Exception {
    this(dir, NotifyBackend.SQLITE);
  }

  NotifyFixture(Path dir, NotifyBackend backend) throws Exception {
    TidingsConfig config = new TidingsConfig(new Properties());
    db = new SqliteDatabase(dir.resolve("tidings.db"), config, meters);
    db.start();
    notifyDb = backend.open(db, meters);
    store = new SqliteEventLog(db, mapper, config, meters, Clock.systemUTC());
    store.start();
    CommitOrder order = new CommitOrder(broker);
    log = new PublishingEventLog(store, order);
    pipeline = new EventPipeline(store, order, Set.of(), meters);
    broker.onEvent(e -> {
      if (e.channel().startsWith("user:")) {
        published.add(e);
      }
    });
    PluginContext context = new PluginContext("tidings", dir, BASE);
    threads = new ThreadStore(notifyDb);
    prefs = new PreferencesStore(notifyDb, mapper);
    subscriptions = new ThreadSubscriptionStore(notifyDb);
    json = new GiteaJson(context, host);
    // The notification side wired as NotifyModule does, over these parts.
    Injector injector = Guice.createInjector(new AbstractModule() {
      @Override
      protected void configure() {
        bind(Database.class).toInstance(db);
        bind(Database.class).annotatedWith(Notifications.class).toInstance(notifyDb);
        bind(TidingsConfig.class).toInstance(config);
        bind(EventJournal.class).toInstance(new EventJournal(db, config));
        bind(EventLog.class).toInstance(log);
        bind(Directory.class).toInstance(host);
        bind(AccessControl.class).toInstance(host);
        bind(PluginContext.class).toInstance(context);
        bind(PreferencesStore.class).toInstance(prefs);
        bind(ThreadSubscriptionStore.class).toInstance(subscriptions);
        bind(ThreadStore.class).toInstance(threads);
        bind(ObjectMapper.class).toInstance(mapper);
        bind(NotifyMetrics.class).toInstance(metrics);
        bind(ThreadJson.class).toInstance(new ThreadJson() {
          @Override
          public Map<String, Object> repository(RepoRef repository) {
            return json.repository(repository);
          }

          @Override
          public Map<String, Object> thread(NotificationThread thread, Object repositoryJson) {
            return json.threadWith(thread, repositoryJson);
          }
        });
        install(new RouteModule());
      }
    });
    publisher = injector.getInstance(NotificationPublisher.class);
    router = injector.getInstance(NotificationRouter.class);
  }

  @Override
  public void close() throws Exception {
    if (notifyDb instanceof PostgresDatabase pg) {
      pg.stop();
    }
    db.stop();
  }

  /** The data of events published on {@code user:{login}} of one type, waiting up to 10 s for {@code atLeast}. */
  List<JsonNode> userEvents(String login, String type, int atLeast) throws Exception {
    try {
      return Await.until(atLeast + " " + type + " events on user:" + login, Duration.ofSeconds(10), Duration.ofMillis(5),
          () -> Optional.of(userEventsNow(login, type)).filter(out -> out.size() >= atLeast));
    } catch (AssertionError timedOut) {
      return userEventsNow(login, type); // fewer: the caller's assertion says what is missing
    }
  }

  private List<JsonNode> userEventsNow(String login, String type) {
    List<JsonNode> out = new ArrayList<>();
    for (ChannelEvent e : published) {
      if (e.channel().equals("user:" + login) && e.type().equals(type)) {
        try {
          out.add(mapper.readTree(e.envelope()).get("data"));
        } catch (java.io.IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      }
    }
    return out;
  }

  TidingsEvent event(String type, RepoRef repo, UserRef actor, TidingsEvent.Subject subject, Set<String> mentions,
      Map<String, Object> data) {
    return eventNaming(type, repo, actor, subject, Audience.mentioning(mentions), data);
  }

  /** An event whose hook named {@code audience} (assignees, reviewers, commit mentions). */
  TidingsEvent eventNaming(String type, RepoRef repo, UserRef actor, TidingsEvent.Subject subject, Audience audience,
      Map<String, Object> data) {
    return new TidingsEvent("ev" + ids.incrementAndGet(), EventType.of(type), repo, actor, System.currentTimeMillis(),
        data == null ? Map.of() : data, audience, subject);
  }

  static TidingsEvent.Subject issue(RepoRef r, long n, String title, String state) {
    return new TidingsEvent.Subject(TidingsEvent.Subject.Kind.ISSUE, "issue:" + r.id() + ":" + n, n, title, state,
        BASE + r.fullName() + "/issues/" + n, null);
  }

  static TidingsEvent.Subject pull(RepoRef r, long n, String title, String state) {
    return new TidingsEvent.Subject(TidingsEvent.Subject.Kind.PULL, "pull:" + r.id() + ":" + n, n, title, state,
        BASE + r.fullName() + "/pulls/" + n, null);
  }

  static TidingsEvent.Subject pullComment(RepoRef r, long n, String title, long commentId) {
    return new TidingsEvent.Subject(TidingsEvent.Subject.Kind.PULL, "pull:" + r.id() + ":" + n, n, title, "open",
        BASE + r.fullName() + "/pulls/" + n, BASE + r.fullName() + "/pulls/" + n + "#issuecomment-" + commentId);
  }

  static TidingsEvent.Subject push(RepoRef r, String branch) {
    return new TidingsEvent.Subject(TidingsEvent.Subject.Kind.PUSH, "push:" + r.id() + ":refs/heads/" + branch, 0,
        "Pushes to " + branch, "", BASE + r.fullName() + "/src/branch/" + branch, null);
  }

  static Map<String, Object> pushData(String sha, String message) {
    Map<String, Object> commit = new LinkedHashMap<>();
    commit.put("id", sha);
    commit.put("message", message);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("ref", "refs/heads/main");
    data.put("commits", List.of(commit));
    return data;
  }
}
