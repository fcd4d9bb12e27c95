package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyFixture.issue;
import static dev.tidings.plugin.notify.NotifyFixture.pullComment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadQuery;
import dev.tidings.plugin.notify.store.RetentionSweeper;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.notify.store.ThreadSubject;
import dev.tidings.plugin.notify.store.ThreadTx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Threads in the real SQLite file: upserts, status rules, counts, filters, paging, retention. */
class ThreadStoreTest {

  @TempDir Path dir;
  NotifyFixture f;
  UserRef alice;
  UserRef bob;
  UserRef carol;
  UserRef dave;
  UserRef eve;
  RepoRef demo;

  /** Where the notification tables live; the PostgreSQL subclass overrides it. */
  NotifyBackend backend() {
    return NotifyBackend.SQLITE;
  }

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir, backend());
    alice = f.host.user("alice", true);
    bob = f.host.user("bob", false);
    carol = f.host.user("carol", false);
    dave = f.host.user("dave", false);
    eve = f.host.user("eve", false);
    demo = f.host.repo("alice", "demo", false);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private ThreadSubject subject(String key, String type) {
    return new ThreadSubject(key, type, 1, "title " + key, "open", "u", "h", "", "", demo.id(), "alice", "demo",
        "alice", "issue.opened");
  }

  private NotificationThread put(UserRef u, String key, String type, Reason reason) throws Exception {
    ThreadSubject subject = subject(key, type);
    long now = System.currentTimeMillis();
    f.notifyDb.write(c -> ThreadTx.upsert(c, subject, List.of(new Recipient(u.id(), u.login(), reason)), now))
        .get(10, TimeUnit.SECONDS);
    return f.threads.threads(subject.key(), List.of(u.id())).get(0);
  }

  private ThreadQuery query(UserRef u, Set<ThreadStatus> statuses, int offset, int limit) {
    return new ThreadQuery(u.id(), 0, statuses, Set.of(), null, null, offset, limit);
  }

  @Test
  void threeCommentsGiveOneUnreadThreadWithTheLatestActor() throws Exception {
    f.host.participants(demo, 9, "bob", List.of(), List.of(), List.of(), true);
    f.router.route(f.event("pr.comment", demo, carol, pullComment(demo, 9, "PR", 101), null, null));
    f.router.route(f.event("pr.comment", demo, dave, pullComment(demo, 9, "PR", 102), null, null));
    f.router.route(f.event("pr.comment", demo, eve, pullComment(demo, 9, "PR", 103), null, null));
    List<NotificationThread> bobs = f.threads.list(query(bob, Set.of(), 0, 50));
    assertThat(bobs).hasSize(1);
    NotificationThread t = bobs.get(0);
    assertThat(t.status()).isEqualTo(ThreadStatus.UNREAD);
    assertThat(t.latestActor()).isEqualTo("eve");
    assertThat(t.reason()).isEqualTo(Reason.AUTHOR);
    assertThat(t.latestCommentHtmlUrl()).endsWith("#issuecomment-103");
    assertThat(t.latestCommentUrl()).isEqualTo(NotifyFixture.BASE + "api/v1/repos/alice/demo/issues/comments/103");
    assertThat(f.threads.unreadCount(bob.id())).isEqualTo(1);

    ThreadStore.Marked read = f.threads.setStatus(t.id(), ThreadStatus.READ).get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(read.unreadCount()).isZero();
    f.router.route(f.event("pr.comment", demo, carol, pullComment(demo, 9, "PR", 104), null, null));
    NotificationThread again = f.threads.get(t.id()).orElseThrow();
    assertThat(again.status()).isEqualTo(ThreadStatus.UNREAD);
    assertThat(again.latestActor()).isEqualTo("carol");
    assertThat(again.updatedAt()).isGreaterThan(read.threads().get(0).updatedAt());
    assertThat(f.threads.count(query(bob, Set.of(), 0, 50))).isEqualTo(1);
  }

  @Test
  void theSameEventProcessedAgainChangesNothing() throws Exception {
    f.host.participants(demo, 9, "bob", List.of(), List.of(), List.of(), true);
    var event = f.event("pr.comment", demo, carol, pullComment(demo, 9, "PR", 201), null, null);
    List<NotificationThread> first = f.router.route(event);
    assertThat(first).hasSize(1);
    NotificationThread read = f.threads.setStatus(first.get(0).id(), ThreadStatus.READ)
        .get(10, TimeUnit.SECONDS).orElseThrow().threads().get(0);
    int publishedBefore = f.userEvents("bob", "notification", 1).size();

    // As when another node takes the event over, or a retry follows a write that had committed.
    assertThat(f.router.route(event)).isEmpty();

    NotificationThread after = f.threads.get(read.id()).orElseThrow();
    assertThat(after).isEqualTo(read);
    assertThat(f.threads.unreadCount(bob.id())).isZero();
    assertThat(f.threads.count(query(bob, Set.of(), 0, 50))).isEqualTo(1);
    assertThat(publishedBefore).isEqualTo(1);
    assertThat(f.userEvents("bob", "notification", 0)).hasSize(publishedBefore);
  }

  @Test
  void pinnedStaysPinnedAndTheStrongerReasonStays() throws Exception {
    NotificationThread t = put(bob, "k1", "Issue", Reason.MENTION);
    f.threads.setStatus(t.id(), ThreadStatus.PINNED).get(10, TimeUnit.SECONDS);
    NotificationThread u = put(bob, "k1", "Issue", Reason.SUBSCRIBED);
    assertThat(u.id()).isEqualTo(t.id());
    assertThat(u.status()).isEqualTo(ThreadStatus.PINNED);
    assertThat(u.reason()).isEqualTo(Reason.MENTION);
    NotificationThread w = put(bob, "k2", "Issue", Reason.SUBSCRIBED);
    assertThat(put(bob, "k2", "Issue", Reason.AUTHOR).reason()).isEqualTo(Reason.AUTHOR);
    assertThat(w.reason()).isEqualTo(Reason.SUBSCRIBED);
    // Pinned is not counted as new (Gitea's /notifications/new).
    assertThat(f.threads.unreadCount(bob.id())).isEqualTo(1);
  }

  @Test
  void listsPageNewestFirstAndFilterByStatusTypeAndTime() throws Exception {
    List<NotificationThread> made = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      made.add(put(bob, "s" + i, i % 2 == 0 ? "Issue" : "Pull", Reason.SUBSCRIBED));
    }
    put(carol, "s0", "Issue", Reason.SUBSCRIBED); // someone else's thread never shows up
    // Distinct times a second apart, in creation order, so the order does not depend on the clock's resolution.
    long base = System.currentTimeMillis() - 60_000;
    f.notifyDb.write(c -> {
      try (var ps = c.prepareStatement("UPDATE notify_thread SET updated_at = ? + id * 1000")) {
        ps.setLong(1, base);
        return ps.executeUpdate();
      }
    }).get(10, TimeUnit.SECONDS);
    f.threads.setStatus(made.get(0).id(), ThreadStatus.READ).get(10, TimeUnit.SECONDS);
    Set<ThreadStatus> def = Set.of(ThreadStatus.UNREAD, ThreadStatus.PINNED);

    assertThat(f.threads.count(query(bob, def, 0, 3))).isEqualTo(6);
    assertThat(f.threads.count(query(bob, Set.of(), 0, 3))).isEqualTo(7);
    List<Long> page1 = f.threads.list(query(bob, Set.of(), 0, 3)).stream().map(NotificationThread::id).toList();
    List<Long> page2 = f.threads.list(query(bob, Set.of(), 3, 3)).stream().map(NotificationThread::id).toList();
    List<Long> page3 = f.threads.list(query(bob, Set.of(), 6, 3)).stream().map(NotificationThread::id).toList();
    // The read one was touched last, so it sorts first; then newest first.
    assertThat(page1).containsExactly(made.get(0).id(), made.get(6).id(), made.get(5).id());
    assertThat(page2).containsExactly(made.get(4).id(), made.get(3).id(), made.get(2).id());
    assertThat(page3).containsExactly(made.get(1).id());
    assertThat(f.threads.list(query(bob, Set.of(), 9, 3))).isEmpty();

    ThreadQuery pulls = new ThreadQuery(bob.id(), 0, Set.of(), Set.of("Pull"), null, null, 0, 50);
    assertThat(f.threads.count(pulls)).isEqualTo(3);
    long now = System.currentTimeMillis() / 1000;
    assertThat(f.threads.count(new ThreadQuery(bob.id(), 0, Set.of(), Set.of(), now + 10, null, 0, 50))).isZero();
    assertThat(f.threads.count(new ThreadQuery(bob.id(), 0, Set.of(), Set.of(), null, base / 1000 - 10, 0, 50))).isZero();
    assertThat(f.threads.count(new ThreadQuery(bob.id(), 0, Set.of(), Set.of(), base / 1000, now + 10, 0, 50))).isEqualTo(7);
    // since and before are inclusive at whole seconds: thread 3 alone sits in [base+3s, base+3s].
    long third = (base + made.get(2).id() * 1000) / 1000;
    assertThat(f.threads.list(new ThreadQuery(bob.id(), 0, Set.of(), Set.of(), third, third, 0, 50)))
        .extracting(NotificationThread::id).containsExactly(made.get(2).id());
  }

  @Test
  void markChangesMatchingThreadsOnlyAndReturnsThemChanged() throws Exception {
    NotificationThread a = put(bob, "m1", "Issue", Reason.SUBSCRIBED);
    NotificationThread b = put(bob, "m2", "Issue", Reason.SUBSCRIBED);
    f.threads.setStatus(b.id(), ThreadStatus.READ).get(10, TimeUnit.SECONDS);
    ThreadStore.Marked m = f.threads.mark(query(bob, Set.of(ThreadStatus.READ), 0, 0), ThreadStatus.UNREAD)
        .get(10, TimeUnit.SECONDS);
    assertThat(m.threads()).extracting(NotificationThread::id).containsExactly(b.id());
    assertThat(m.threads().get(0).status()).isEqualTo(ThreadStatus.UNREAD);
    assertThat(m.unreadCount()).isEqualTo(2);
    // last_read_at before everything: nothing changes.
    ThreadStore.Marked none = f.threads.mark(new ThreadQuery(bob.id(), 0, Set.of(ThreadStatus.UNREAD), Set.of(),
        null, a.createdAt() / 1000 - 5, 0, 0), ThreadStatus.READ).get(10, TimeUnit.SECONDS);
    assertThat(none.threads()).isEmpty();
    ThreadStore.Marked all = f.threads.mark(query(bob, Set.of(ThreadStatus.UNREAD), 0, 0), ThreadStatus.READ)
        .get(10, TimeUnit.SECONDS);
    assertThat(all.threads()).hasSize(2);
    assertThat(all.unreadCount()).isZero();
  }

  @Test
  void retentionPrunesOnlyOldReadThreads() throws Exception {
    NotificationThread old = put(bob, "r1", "Issue", Reason.SUBSCRIBED);
    NotificationThread unreadOld = put(bob, "r2", "Issue", Reason.SUBSCRIBED);
    NotificationThread fresh = put(bob, "r3", "Issue", Reason.SUBSCRIBED);
    f.threads.setStatus(old.id(), ThreadStatus.READ).get(10, TimeUnit.SECONDS);
    f.threads.setStatus(fresh.id(), ThreadStatus.READ).get(10, TimeUnit.SECONDS);
    long longAgo = System.currentTimeMillis() - 100L * 24 * 3600 * 1000;
    f.notifyDb.write(c -> {
      try (var ps = c.prepareStatement("UPDATE notify_thread SET updated_at = ? WHERE id IN (?, ?)")) {
        ps.setLong(1, longAgo);
        ps.setLong(2, old.id());
        ps.setLong(3, unreadOld.id());
        return ps.executeUpdate();
      }
    }).get(10, TimeUnit.SECONDS);
    RetentionSweeper sweeper = new RetentionSweeper(f.threads,
        new dev.tidings.plugin.config.TidingsConfig(new java.util.Properties()));
    assertThat(sweeper.sweep()).isEqualTo(1);
    assertThat(f.threads.get(old.id())).isEmpty();
    assertThat(f.threads.get(unreadOld.id())).isPresent();
    assertThat(f.threads.get(fresh.id())).isPresent();
  }

  @Test
  void anEventRoutedTwiceChangesNothingAndItsClaimIsPrunedAfterProcessedMaxAge() throws Exception {
    TidingsEvent created = f.event("repo.created", demo, alice, null, null, null);
    TidingsEvent mention = f.event("issue.opened", demo, alice, issue(demo, 9, "Twice", "open"), Set.of("bob"), null);
    f.router.route(created);
    List<NotificationThread> first = f.router.route(mention);
    assertThat(first).extracting(NotificationThread::userId).containsExactly(bob.id());
    f.threads.setStatus(first.get(0).id(), ThreadStatus.READ).get(10, TimeUnit.SECONDS);
    // Routed again (a take-over, a lost acknowledgement): nothing written, the read thread stays read.
    assertThat(f.router.route(mention)).isEmpty();
    f.router.route(created);
    assertThat(f.threads.get(first.get(0).id()).orElseThrow().status()).isEqualTo(ThreadStatus.READ);
    assertThat(f.threads.unreadCount(bob.id())).isZero();
    // Every event that wrote something left its claim.
    assertThat(processed()).containsExactlyInAnyOrder(created.id(), mention.id());

    long fifteenDaysAgo = System.currentTimeMillis() - 15L * 24 * 3600 * 1000;
    f.notifyDb.write(c -> {
      try (var ps = c.prepareStatement("UPDATE notify_processed SET processed_at = ? WHERE event_id = ?")) {
        ps.setLong(1, fifteenDaysAgo);
        ps.setString(2, created.id());
        return ps.executeUpdate();
      }
    }).get(10, TimeUnit.SECONDS);
    new RetentionSweeper(f.threads, new dev.tidings.plugin.config.TidingsConfig(new java.util.Properties())).sweep();
    assertThat(processed()).as("claims older than notify.retention.processedMaxAge (14 days) go")
        .containsExactly(mention.id());
  }

  private List<String> processed() throws Exception {
    return f.notifyDb.read(c -> {
      List<String> ids = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT event_id FROM notify_processed"); var rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }
}
