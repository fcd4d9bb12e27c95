package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.store.ThreadQuery;
import dev.tidings.testing.support.SlowTest;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user with 100,000 threads: the unread count, the first page and the all-statuses page are
 * answered through the (user_id, ...) indexes, never a scan of the table (plans asserted, times
 * only reported).
 */
@SlowTest
class LargeInboxTest {

  private static final Logger log = LoggerFactory.getLogger(LargeInboxTest.class);
  private static final int THREADS = 100_000;

  @TempDir Path dir;
  NotifyFixture f;
  UserRef bob;
  RepoRef demo;

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir);
    bob = f.host.user("bob", false);
    UserRef other = f.host.user("carol", false);
    demo = f.host.repo("alice", "demo", false);
    long now = System.currentTimeMillis();
    f.db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO notify_thread (user_id, user_login, subject_key, "
          + "subject_type, subject_title, repo_id, repo_owner, repo_name, reason, reason_rank, status, created_at, "
          + "updated_at) VALUES (?,?,?,'Issue','t',?,'alice','demo','subscribed',10,?,?,?)")) {
        for (int i = 0; i < THREADS; i++) {
          for (UserRef u : List.of(bob, other)) {
            ps.setLong(1, u.id());
            ps.setString(2, u.login());
            ps.setString(3, demo.id() + "/issue:" + i);
            ps.setLong(4, demo.id());
            // Mostly read, 1 in 50 unread, 1 in 1000 pinned: an old inbox.
            ps.setInt(5, i % 1000 == 0 ? 3 : i % 50 == 0 ? 1 : 2);
            ps.setLong(6, now - (THREADS - i) * 1000L);
            ps.setLong(7, now - (THREADS - i) * 1000L);
            ps.addBatch();
          }
          if (i % 5000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      return null;
    }).get(120, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private List<String> plan(String sql, Object... args) throws Exception {
    return f.db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString("detail"));
          }
        }
        return out;
      }
    });
  }

  @Test
  void countsAndFirstPagesUseTheUserIndexes() throws Exception {
    List<String> count = plan("SELECT count(*) FROM notify_thread WHERE user_id = ? AND status = 1", bob.id());
    assertThat(String.join(" | ", count)).contains("USING COVERING INDEX ix_notify_thread_user_status_updated");
    // The default list reads each status in index order (ThreadStore#list merges them): no sort, no scan.
    List<String> page = plan("SELECT * FROM notify_thread WHERE user_id = ? AND status IN (?) "
        + "ORDER BY updated_at DESC, id DESC LIMIT 30", bob.id(), 1);
    assertThat(String.join(" | ", page)).contains("USING INDEX ix_notify_thread_user_status_updated")
        .doesNotContain("TEMP B-TREE").doesNotContain("SCAN notify_thread");
    List<String> all = plan("SELECT * FROM notify_thread WHERE user_id = ? ORDER BY updated_at DESC, id DESC LIMIT 30",
        bob.id());
    assertThat(String.join(" | ", all)).contains("USING INDEX ix_notify_thread_user_updated")
        .doesNotContain("TEMP B-TREE").doesNotContain("SCAN notify_thread");
    List<String> repo = plan("SELECT * FROM notify_thread WHERE user_id = ? AND repo_id = ? "
        + "ORDER BY updated_at DESC, id DESC LIMIT 30", bob.id(), demo.id());
    assertThat(String.join(" | ", repo)).contains("USING INDEX ix_notify_thread_user_repo_updated")
        .doesNotContain("TEMP B-TREE");

    long t0 = System.nanoTime();
    long unread = f.threads.unreadCount(bob.id());
    long t1 = System.nanoTime();
    var firstPage = f.threads.list(new ThreadQuery(bob.id(), 0,
        EnumSet.of(dev.tidings.plugin.notify.ThreadStatus.UNREAD, dev.tidings.plugin.notify.ThreadStatus.PINNED),
        Set.of(), null, null, 0, 30));
    long total = f.threads.count(new ThreadQuery(bob.id(), 0,
        EnumSet.of(dev.tidings.plugin.notify.ThreadStatus.UNREAD, dev.tidings.plugin.notify.ThreadStatus.PINNED),
        Set.of(), null, null, 0, 30));
    long t2 = System.nanoTime();
    var allPage = f.threads.list(new ThreadQuery(bob.id(), 0, Set.of(), Set.of(), null, null, 0, 30));
    long t3 = System.nanoTime();
    assertThat(unread).isEqualTo(THREADS / 50 - THREADS / 1000);
    assertThat(total).isEqualTo(THREADS / 50);
    assertThat(firstPage).hasSize(30);
    assertThat(firstPage.get(0).updatedAt()).isGreaterThan(firstPage.get(29).updatedAt());
    // The merged page is the same as a plain sorted read of both statuses.
    var deep = f.threads.list(new ThreadQuery(bob.id(), 0,
        EnumSet.of(dev.tidings.plugin.notify.ThreadStatus.UNREAD, dev.tidings.plugin.notify.ThreadStatus.PINNED),
        Set.of(), null, null, 1950, 30));
    assertThat(deep).hasSize(30);
    assertThat(deep).allSatisfy(t -> assertThat(t.status()).isNotEqualTo(dev.tidings.plugin.notify.ThreadStatus.READ));
    assertThat(deep.get(0).updatedAt()).isLessThan(firstPage.get(29).updatedAt());
    assertThat(allPage).hasSize(30);
    String report = String.format("100k-thread inbox: unread count %.1f ms, first default page + total %.1f ms, "
        + "first all=true page %.1f ms; plans: %s / %s / %s", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
        count, page, all);
    log.info(report);
    System.out.println(report);
  }
}
