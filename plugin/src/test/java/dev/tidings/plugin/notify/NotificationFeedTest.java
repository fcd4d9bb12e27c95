package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.EventJournal;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.AccessLossPurger;
import dev.tidings.plugin.notify.route.NotificationFeed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router's durable feed over a real SQLite file: the journal keeps whole events in commit
 * order, the feed routes what was committed while it was not running, never routes an event twice
 * across restarts, and counts events that journal retention removed before it got there.
 */
class NotificationFeedTest {

  @TempDir Path dir;
  private NotifyFixture f;
  private SimpleMeterRegistry meters;
  private EventJournal journal;
  private UserRef alice;
  private UserRef bob;
  private RepoRef demo;

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir);
    meters = new SimpleMeterRegistry();
    Properties p = new Properties();
    p.setProperty("log.journal.maxEvents", "2");
    journal = new EventJournal(f.db, new TidingsConfig(p));
    alice = f.host.user("alice", true);
    bob = f.host.user("bob", false);
    demo = f.host.repo("alice", "demo", false);
    f.prefs.setWatch(bob.id(), bob.login(), demo.id(), demo.owner(), demo.name(), WatchLevel.WATCHING, Set.of())
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private NotificationFeed feed() {
    Properties p = new Properties();
    p.setProperty("notify.feed.pollInterval", "50ms");
    return new NotificationFeed(journal, f.router, f.db, new NotifyMetrics(meters), new TidingsConfig(p));
  }

  private TidingsEvent push(String branch) {
    return f.event("push", demo, alice, NotifyFixture.push(demo, branch), Set.of("bob"),
        NotifyFixture.pushData("a" + branch, "work on " + branch));
  }

  @Test
  void theJournalKeepsTheWholeEventInCommitOrder() throws Exception {
    TidingsEvent first = push("one");
    TidingsEvent second = f.event("issue.opened", demo, alice, NotifyFixture.issue(demo, 7, "Flaky", "open"),
        Set.of("bob", "carol"), Map.of("number", 7, "nested", Map.of("list", List.of("x", 2, true))));
    f.pipeline.append(first).get(10, TimeUnit.SECONDS);
    f.pipeline.append(second).get(10, TimeUnit.SECONDS);
    f.log.appendTo("user:bob", "notification", null, "{}").get(10, TimeUnit.SECONDS);

    List<EventJournal.Entry> all = journal.after(0, 10);
    assertThat(all).extracting(EventJournal.Entry::event).containsExactly(first, second);
    assertThat(all.get(1).position()).isGreaterThan(all.get(0).position());
    assertThat(journal.after(all.get(0).position(), 10)).extracting(EventJournal.Entry::event).containsExactly(second);
    assertThat(journal.after(0, 1)).hasSize(1);
    assertThat(journal.latest()).isEqualTo(all.get(1).position());
  }

  @Test
  void eventsCommittedWhileTheRouterWasDownAreRoutedOnceAtTheNextStart() throws Exception {
    // Committed while no router runs (a crash after the commit, before routing).
    f.pipeline.append(push("one")).get(10, TimeUnit.SECONDS);
    f.pipeline.append(push("two")).get(10, TimeUnit.SECONDS);
    NotificationFeed feed = feed();
    feed.start();
    try {
      await(() -> threadCount(), 2);
      // Live: appended while it runs; the doorbell is optional (it also polls).
      f.pipeline.append(push("three")).get(10, TimeUnit.SECONDS);
      feed.onCommitted(null);
      await(() -> threadCount(), 3);
      await(feed::position, journal.latest());
    } finally {
      feed.stop();
    }
    assertThat(checkpoint()).isEqualTo(journal.latest());
    int published = f.userEvents("bob", "notification", 3).size();
    assertThat(published).isEqualTo(3);

    // A restart routes nothing again: no new events, no re-publish, threads untouched.
    long updated = maxUpdated();
    NotificationFeed again = feed();
    again.start();
    try {
      f.pipeline.append(push("four")).get(10, TimeUnit.SECONDS);
      await(() -> threadCount(), 4);
    } finally {
      again.stop();
    }
    assertThat(f.userEvents("bob", "notification", 4)).hasSize(4);
    assertThat(maxUpdatedExcept("four")).isEqualTo(updated);
  }

  @Test
  void aStopInTheMiddleOfABacklogLosesNothing() throws Exception {
    int n = 40;
    for (int i = 0; i < n; i++) {
      f.pipeline.append(push("b" + i)).get(10, TimeUnit.SECONDS);
    }
    NotificationFeed feed = feed();
    feed.start();
    await(() -> threadCount() > 0 ? 1 : 0, 1);
    feed.stop(); // finishes the event in hand, leaves the rest in the journal
    long stoppedAt = feed.position();
    assertThat(checkpoint()).as("the checkpoint on disk after a stop").isEqualTo(stoppedAt);
    assertThat(threadCount()).isEqualTo(stoppedAt);

    NotificationFeed again = feed();
    again.start();
    try {
      await(() -> threadCount(), n);
    } finally {
      again.stop();
    }
    assertThat(f.userEvents("bob", "notification", n)).hasSize(n);
  }

  @Test
  void aRemovedMemberLosesTheThreadsOfRepositoriesTheyCanNoLongerRead() throws Exception {
    RepoRef secret = f.host.repo("acme", "secret", true, "bob");
    RepoRef open = f.host.repo("acme", "open", false);
    for (RepoRef r : List.of(secret, open, demo)) {
      f.router.route(f.event("issue.opened", r, alice, NotifyFixture.issue(r, 1, "Plans of " + r.name(), "open"),
          Set.of("bob"), null));
    }
    assertThat(threadCount()).isEqualTo(3);
    f.host.readers.get(secret.fullName()).remove("bob");
    AccessLossPurger purger = new AccessLossPurger(null, f.host, f.threads);
    assertThat(purger.purge(bob, "acme", null)).isEqualTo(1);
    assertThat(threadCount()).isEqualTo(2);
    assertThat(query("SELECT count(*) FROM notify_thread WHERE repo_id = " + secret.id())).isZero();
  }

  @Test
  void aRouterBehindJournalRetentionCountsTheMissedEvents() throws Exception {
    for (String b : List.of("one", "two", "three", "four", "five")) {
      f.pipeline.append(push(b)).get(10, TimeUnit.SECONDS);
    }
    assertThat(journal.prune()).isEqualTo(3); // keeps the newest 2
    NotificationFeed feed = feed();
    feed.start();
    try {
      await(() -> threadCount(), 2);
      await(feed::position, journal.latest());
    } finally {
      feed.stop();
    }
    assertThat(meters.get("tidings.notifications.events.missed").counter().count()).isEqualTo(3.0);
    assertThat(meters.get("tidings.notifications.events.routed").counter().count()).isEqualTo(2.0);
  }

  private long threadCount() {
    return query("SELECT count(*) FROM notify_thread WHERE user_id = " + bob.id());
  }

  private long checkpoint() {
    return query("SELECT position FROM notify_checkpoint");
  }

  private long maxUpdated() {
    return query("SELECT max(updated_at) FROM notify_thread");
  }

  private long maxUpdatedExcept(String branch) {
    return query("SELECT max(updated_at) FROM notify_thread WHERE subject_title <> 'Pushes to " + branch + "'");
  }

  private long query(String sql) {
    try {
      return f.db.read(c -> {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
          return rs.next() ? rs.getLong(1) : -1L;
        }
      });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void await(LongSupplier value, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.getAsLong() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(value.getAsLong()).isEqualTo(expected);
  }
}
