package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyFixture.push;
import static dev.tidings.plugin.notify.NotifyFixture.pushData;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.testing.support.HostTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadStoreTest} with the notification tables on a real PostgreSQL ({@code store=postgresql}),
 * plus what only a shared database has: two nodes processing the same event at once.
 */
@HostTest
class ThreadStorePostgresTest extends ThreadStoreTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }

  @Test
  void twoNodesProcessingTheSameEventAtOnceWriteEachThreadOnce() throws Exception {
    String shared = NotifyBackend.SharedPostgres.freshDatabase();
    int watchers = 200;
    try (NotifyFixture a = new NotifyFixture(dir.resolve("a"), NotifyBackend.postgres(shared));
        NotifyFixture b = new NotifyFixture(dir.resolve("b"), NotifyBackend.postgres(shared))) {
      // The same host data on both nodes (FakeHost numbers users and repositories in creation order).
      List<UserRef> users = new ArrayList<>();
      RepoRef repoA = null;
      for (NotifyFixture node : List.of(a, b)) {
        UserRef owner = node.host.user("owner", false);
        List<String> readers = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
          readers.add("w" + i);
        }
        RepoRef repo = node.host.repo("owner", "shared", true, readers.toArray(String[]::new));
        List<UserRef> made = new ArrayList<>();
        for (String login : readers) {
          made.add(node.host.user(login, false));
        }
        if (node == a) {
          users = made;
          repoA = repo;
          assertThat(owner.id()).isPositive();
        }
      }
      for (UserRef u : users) {
        a.prefs.setWatch(u.id(), u.login(), repoA.id(), repoA.owner(), repoA.name(), WatchLevel.WATCHING, Set.of())
            .get(10, TimeUnit.SECONDS);
      }
      TidingsEvent event = a.event("push", repoA, a.host.users.get("owner"), push(repoA, "main"), null,
          pushData("c0ffee", "one push, two nodes"));

      CountDownLatch go = new CountDownLatch(1);
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<NotificationThread>>> routed = new ArrayList<>();
        for (NotifyFixture node : List.of(a, b)) {
          Callable<List<NotificationThread>> task = () -> {
            go.await();
            return node.router.route(event);
          };
          routed.add(two.submit(task));
        }
        go.countDown();
        int first = routed.get(0).get(60, TimeUnit.SECONDS).size();
        int second = routed.get(1).get(60, TimeUnit.SECONDS).size();
        // One node wrote every watcher's thread, the other found the event claimed and wrote nothing.
        assertThat(List.of(first, second)).containsExactlyInAnyOrder(watchers, 0);
      } finally {
        two.shutdownNow();
      }
      List<Long> ids = users.stream().map(UserRef::id).toList();
      long rows = a.notifyDb.read(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT count(*), count(DISTINCT user_id) FROM notify_thread")) {
          rs.next();
          assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
          return rs.getLong(1);
        }
      });
      assertThat(rows).isEqualTo(watchers);
      assertThat(b.threads.unreadCounts(ids).values()).containsOnly(1L);
    }
  }
}
