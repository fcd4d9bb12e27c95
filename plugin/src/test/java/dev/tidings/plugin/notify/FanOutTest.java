package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyFixture.push;
import static dev.tidings.plugin.notify.NotifyFixture.pushData;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.ThreadQuery;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.SlowTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A push to a repository with 10,000 watchers: one transaction writes every thread (time reported, not asserted). */
@SlowTest
class FanOutTest {

  private static final Logger log = LoggerFactory.getLogger(FanOutTest.class);
  private static final int WATCHERS = 10_000;
  private static final int WATCHED = 4242;

  @TempDir Path dir;
  NotifyFixture f;
  UserRef alice;
  RepoRef demo;
  List<UserRef> watchers = new ArrayList<>();
  // When user: notification events reached the broker (receiver runs on the log's writer thread).
  final AtomicInteger delivered = new AtomicInteger();
  final AtomicLong firstDelivery = new AtomicLong();
  final AtomicLong lastDelivery = new AtomicLong();

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir);
    f.broker.onEvent(e -> {
      if (e.channel().startsWith("user:") && e.type().equals("notification")) {
        long now = System.nanoTime();
        firstDelivery.compareAndSet(0, now);
        lastDelivery.set(now);
        delivered.incrementAndGet();
      }
    });
    alice = f.host.user("alice", true);
    demo = f.host.repo("alice", "demo", false);
    for (int i = 0; i < WATCHERS; i++) {
      watchers.add(f.host.user("w" + i, false));
    }
    long now = System.currentTimeMillis();
    f.db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_watch (user_id, user_login, repo_id, "
          + "repo_owner, repo_name, level, kinds, created_at, updated_at) VALUES (?,?,?,?,?,'watching','',?,?)")) {
        for (UserRef u : watchers) {
          ps.setLong(1, u.id());
          ps.setString(2, u.login());
          ps.setLong(3, demo.id());
          ps.setString(4, "alice");
          ps.setString(5, "demo");
          ps.setLong(6, now);
          ps.setLong(7, now);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    }).get(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void onePushWritesTenThousandThreadsInOneTransaction() throws Exception {
    Run first = timedPush("f00d", "big", WATCHERS);
    List<NotificationThread> written = first.threads;
    assertThat(written).hasSize(WATCHERS);
    Set<Long> users = new HashSet<>();
    written.forEach(t -> users.add(t.userId()));
    assertThat(users).hasSize(WATCHERS);

    // A second push updates the same 10,000 rows instead of adding more.
    Run second = timedPush("f00e", "more", 2 * WATCHERS);
    assertThat(second.threads).extracting(NotificationThread::id)
        .containsExactlyInAnyOrderElementsOf(written.stream().map(NotificationThread::id).toList());
    long rows = f.db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM notify_thread")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertThat(rows).isEqualTo(WATCHERS);

    UserRef w = watchers.get(WATCHED);
    ThreadQuery q = new ThreadQuery(w.id(), 0, Set.of(), Set.of(), null, null, 0, 30);
    assertThat(f.threads.list(q)).hasSize(1).allSatisfy(t -> assertThat(t.reason()).isEqualTo(Reason.SUBSCRIBED));
    assertThat(f.threads.unreadCount(w.id())).isEqualTo(1);
    // Every watcher hears about it on user:{login}, in offset order.
    assertThat(f.userEvents(w.login(), "notification", 2)).hasSize(2);
    assertThat(f.published.stream().filter(e -> e.channel().equals("user:" + w.login())).map(e -> e.offset()))
        .containsExactly(1L, 2L);

    // More update pushes only when asked (-Dfanout.repeat=N), for medians; the normal run stays short.
    List<Run> more = new ArrayList<>();
    for (int i = 0; i < Integer.getInteger("fanout.repeat", 0); i++) {
      more.add(timedPush("f1" + i, "again " + i, (3 + i) * WATCHERS));
    }
    int envelope = f.published.stream().filter(e -> e.channel().equals("user:" + w.login())).findFirst()
        .map(e -> e.envelope().length).orElse(0);
    String report = String.format("10k fan-out (%d-byte envelopes): first push (inserts) %s; second push (updates) %s%s",
        envelope, first, second, more.isEmpty() ? "" : "; more updates: " + more);
    log.info(report);
    System.out.println(report);
  }

  /** One push, timed from the router's start to the commit and to the first and last user: delivery. */
  private Run timedPush(String sha, String message, int deliveredAfter) throws Exception {
    firstDelivery.set(0);
    long cpu0 = processCpuNanos();
    long writer0 = threadCpuNanos("tidings-db-writer");
    long main0 = threadCpuNanos(Thread.currentThread().getName());
    double written0 = fanOutNanos();
    long start = System.nanoTime();
    List<NotificationThread> threads = f.router.route(
        f.event("push", demo, alice, push(demo, "main"), null, pushData(sha, message)));
    long routed = System.nanoTime() - start;
    try {
      Await.isTrue(deliveredAfter + " notifications delivered", Duration.ofSeconds(60), () -> delivered.get() >= deliveredAfter);
    } catch (AssertionError timedOut) {
      // The assertion below says how many arrived.
    }
    assertThat(delivered.get()).isEqualTo(deliveredAfter);
    // The fixture keeps every user: event it saw; keep only the one user the test reads back, so
    // that 10,000 envelopes per push do not pile up in the heap and make this test measure GC.
    f.published.removeIf(e -> !e.channel().equals("user:" + watchers.get(WATCHED).login()));
    return new Run(threads, (long) (fanOutNanos() - written0), routed, firstDelivery.get() - start, lastDelivery.get() - start,
        processCpuNanos() - cpu0, threadCpuNanos(Thread.currentThread().getName()) - main0,
        threadCpuNanos("tidings-db-writer") - writer0);
  }

  /** CPU time of the live thread with this name (0 when there is none). */
  private static long threadCpuNanos(String name) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return 0;
  }

  /** CPU time of this JVM (all threads): on a shared, loaded machine it says more than wall time. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The figures of one push. */
  /** The fan-out writes' total time so far, from the router's meter. */
  private double fanOutNanos() {
    return f.meters.timer("tidings.notifications.fanout").totalTime(TimeUnit.NANOSECONDS);
  }

  private record Run(List<NotificationThread> threads, long writeNanos, long routedNanos, long firstNanos,
      long allNanos, long cpuNanos, long routerCpuNanos, long writerCpuNanos) {
    @Override
    public String toString() {
      return String.format("write %d ms (one transaction), routed %d ms, first user: delivery %d ms, "
          + "all %d delivered %d ms, CPU %d ms (router thread %d, writer thread %d, rest: GC, JIT...)",
          ms(writeNanos), ms(routedNanos), ms(firstNanos), threads.size(), ms(allNanos), ms(cpuNanos),
          ms(routerCpuNanos), ms(writerCpuNanos));
    }

    private static long ms(long nanos) {
      return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
  }
}
