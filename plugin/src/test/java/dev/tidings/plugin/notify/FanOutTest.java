package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyFixture.push;
import static dev.tidings.plugin.notify.NotifyFixture.pushData;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.ThreadQuery;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A push to a repository with 10,000 watchers: one transaction writes every thread (time reported, not asserted). */
class FanOutTest {

  private static final Logger log = LoggerFactory.getLogger(FanOutTest.class);
  private static final int WATCHERS = 10_000;

  @TempDir Path dir;
  NotifyFixture f;
  UserRef alice;
  RepoRef demo;
  List<UserRef> watchers = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir);
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
    long start = System.nanoTime();
    List<NotificationThread> written = f.router.route(
        f.event("push", demo, alice, push(demo, "main"), null, pushData("f00d", "big")));
    long total = System.nanoTime() - start;
    long write = f.router.lastWriteNanos();
    assertThat(written).hasSize(WATCHERS);
    Set<Long> users = new HashSet<>();
    written.forEach(t -> users.add(t.userId()));
    assertThat(users).hasSize(WATCHERS);

    // A second push updates the same 10,000 rows instead of adding more.
    long start2 = System.nanoTime();
    List<NotificationThread> again = f.router.route(
        f.event("push", demo, alice, push(demo, "main"), null, pushData("f00e", "more")));
    long total2 = System.nanoTime() - start2;
    long write2 = f.router.lastWriteNanos();
    assertThat(again).extracting(NotificationThread::id)
        .containsExactlyInAnyOrderElementsOf(written.stream().map(NotificationThread::id).toList());
    long rows = f.db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM notify_thread")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    assertThat(rows).isEqualTo(WATCHERS);

    UserRef w = watchers.get(4242);
    ThreadQuery q = new ThreadQuery(w.id(), 0, Set.of(), Set.of(), null, null, 0, 30);
    assertThat(f.threads.list(q)).hasSize(1).allSatisfy(t -> assertThat(t.reason()).isEqualTo(Reason.SUBSCRIBED));
    assertThat(f.threads.unreadCount(w.id())).isEqualTo(1);
    // Every watcher hears about it on user:{login}.
    assertThat(f.userEvents(w.login(), "notification", 2)).hasSize(2);

    String report = String.format("10k fan-out: first push %d ms write (one transaction) / %d ms routed incl. "
        + "resolve+publish; second push (updates) %d ms write / %d ms routed",
        TimeUnit.NANOSECONDS.toMillis(write), TimeUnit.NANOSECONDS.toMillis(total),
        TimeUnit.NANOSECONDS.toMillis(write2), TimeUnit.NANOSECONDS.toMillis(total2));
    log.info(report);
    System.out.println(report);
  }
}
