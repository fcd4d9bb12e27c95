package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.PluginContext;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.notify.email.EmailMode;
import dev.tidings.plugin.notify.email.EmailSettings;
import dev.tidings.plugin.notify.email.EmailStore;
import dev.tidings.plugin.notify.email.OutboxRow;
import dev.tidings.plugin.notify.email.OutboxWriter;
import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadSubject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email outbox in the real SQLite file (the PostgreSQL subclass runs the same on a server):
 * rows only for users who chose a mode, once per update, claims as leases, sent/retry/digest-now.
 */
class EmailOutboxTest {

  static final long LEASE = 60_000;

  @TempDir Path dir;
  NotifyFixture f;
  EmailStore store;
  OutboxWriter writer;
  UserRef bob;
  UserRef carol;
  UserRef dave;
  RepoRef demo;

  NotifyBackend backend() {
    return NotifyBackend.SQLITE;
  }

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir, backend());
    store = new EmailStore(f.notifyDb);
    Properties p = new Properties();
    p.setProperty("email.enabled", "true");
    p.setProperty("email.smtp.host", "127.0.0.1");
    p.setProperty("email.from", "tidings@example.test");
    p.setProperty("email.digest.hour", "8");
    writer = new OutboxWriter(EmailSettings.from(new TidingsConfig(p), new PluginContext("tidings", dir, "http://h.test/")));
    f.host.user("alice", true);
    bob = f.host.user("bob", false);
    carol = f.host.user("carol", false);
    dave = f.host.user("dave", false);
    demo = f.host.repo("alice", "demo", false);
    store.setMode(bob.id(), "bob", EmailMode.IMMEDIATE).get(10, TimeUnit.SECONDS);
    store.setMode(carol.id(), "carol", EmailMode.DAILY).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  ThreadSubject subject(long n) {
    return new ThreadSubject("alice/demo#" + n, "Issue", n, "Issue " + n, "open", "u", "http://h.test/alice/demo/issues/" + n,
        "", "", demo.id(), "alice", "demo", "alice", "issue.comment");
  }

  void write(String eventId, ThreadSubject s, long now, UserRef... users) throws Exception {
    List<Recipient> rs = new ArrayList<>();
    for (UserRef u : users) {
      rs.add(new Recipient(u.id(), u.login(), Reason.MENTION));
    }
    f.notifyDb.write(c -> {
      writer.written(c, eventId, s, rs, now);
      return null;
    }).get(10, TimeUnit.SECONDS);
  }

  long count(String where) throws Exception {
    return f.notifyDb.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM notify_email_outbox WHERE " + where)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void rowsOnlyForUsersWithAModeAndOncePerUpdate() throws Exception {
    long now = System.currentTimeMillis();
    write("ev1", subject(1), now, bob, carol, dave);
    write("ev1", subject(1), now, bob, carol, dave); // the same update again (a retried write)
    assertThat(count("1=1")).isEqualTo(2);
    assertThat(count("user_id = " + bob.id() + " AND mode = 'immediate' AND due_at = " + now)).isEqualTo(1);
    // Daily: due at the next 08:00 UTC, within a day.
    assertThat(count("user_id = " + carol.id() + " AND mode = 'daily' AND due_at > " + now + " AND due_at <= "
        + (now + 86_400_000L))).isEqualTo(1);
    assertThat(count("user_id = " + dave.id())).isZero();

    write("ev2", subject(1), now, bob);
    assertThat(count("user_id = " + bob.id())).as("a later update of the same thread is another email").isEqualTo(2);
  }

  @Test
  void aClaimIsALeaseAndOnlyTheHolderMarksSent() throws Exception {
    long now = System.currentTimeMillis();
    write("ev1", subject(1), now, bob, carol);

    List<OutboxRow> a = store.claim("a", now, LEASE, 100).get(10, TimeUnit.SECONDS);
    assertThat(a).extracting(OutboxRow::userId).containsExactly(bob.id());
    assertThat(a.get(0).title()).isEqualTo("Issue 1");
    assertThat(store.claim("b", now, LEASE, 100).get(10, TimeUnit.SECONDS)).as("held by a").isEmpty();
    assertThat(store.anyDue(now)).isFalse();

    // a died: after the lease, b takes the row; a's late "sent" changes nothing.
    List<OutboxRow> b = store.claim("b", now + LEASE + 1, LEASE, 100).get(10, TimeUnit.SECONDS);
    assertThat(b).extracting(OutboxRow::id).containsExactly(a.get(0).id());
    assertThat(store.sent("a", List.of(a.get(0).id()), now).get(10, TimeUnit.SECONDS)).isZero();
    assertThat(store.sent("b", List.of(b.get(0).id()), now).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(store.claim("c", now + 2 * 86_400_000L, LEASE, 100).get(10, TimeUnit.SECONDS))
        .as("a sent row is never claimed again; the daily one is due by then").extracting(OutboxRow::userId)
        .containsOnly(carol.id());
  }

  @Test
  void aRetryWaitsAndCountsTheAttempt() throws Exception {
    long now = System.currentTimeMillis();
    write("ev1", subject(1), now, bob);
    OutboxRow row = store.claim("a", now, LEASE, 100).get(10, TimeUnit.SECONDS).get(0);
    assertThat(store.retry("a", List.of(row.id()), now + 5_000).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(store.claim("a", now + 4_999, LEASE, 100).get(10, TimeUnit.SECONDS)).isEmpty();
    List<OutboxRow> again = store.claim("a", now + 5_000, LEASE, 100).get(10, TimeUnit.SECONDS);
    assertThat(again).extracting(OutboxRow::attempts).containsExactly(1);
  }

  @Test
  void digestNowMakesThePendingDailyRowsDue() throws Exception {
    long now = System.currentTimeMillis();
    write("ev1", subject(1), now, carol);
    write("ev2", subject(2), now, carol);
    assertThat(store.claim("a", now, LEASE, 100).get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.digestNow(now).get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(store.claim("a", now, LEASE, 100).get(10, TimeUnit.SECONDS)).extracting(OutboxRow::number)
        .containsExactly(1L, 2L);
  }

  @Test
  void twoSendersClaimingAtOnceNeverShareARow() throws Exception {
    long now = System.currentTimeMillis();
    for (int i = 1; i <= 60; i++) {
      write("ev" + i, subject(i), now, bob);
    }
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<OutboxRow>>> claims = new ArrayList<>();
      for (String sender : List.of("a", "b")) {
        Callable<List<OutboxRow>> task = () -> {
          go.await();
          List<OutboxRow> mine = new ArrayList<>();
          for (int k = 0; k < 10; k++) {
            mine.addAll(store.claim(sender, now, LEASE, 7).get(30, TimeUnit.SECONDS));
          }
          return mine;
        };
        claims.add(two.submit(task));
      }
      go.countDown();
      List<OutboxRow> a = claims.get(0).get(60, TimeUnit.SECONDS);
      List<OutboxRow> b = claims.get(1).get(60, TimeUnit.SECONDS);
      Set<Long> ids = new HashSet<>();
      a.forEach(r -> ids.add(r.id()));
      b.forEach(r -> ids.add(r.id()));
      assertThat(a.size() + b.size()).as("no row claimed twice").isEqualTo(ids.size()).isEqualTo(60);
    } finally {
      two.shutdownNow();
    }
  }
}
