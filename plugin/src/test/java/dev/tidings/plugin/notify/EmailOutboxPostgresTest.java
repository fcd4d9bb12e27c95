package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.notify.email.EmailMode;
import dev.tidings.plugin.notify.email.EmailStore;
import dev.tidings.plugin.notify.email.OutboxRow;
import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.testing.support.HostTest;
import java.util.ArrayList;
import java.util.HashSet;
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
 * {@link EmailOutboxTest} on a real PostgreSQL ({@code store=postgresql}), plus what only a shared
 * database has: two nodes (two connection pools, two writers) claiming the same outbox at once.
 */
@HostTest
class EmailOutboxPostgresTest extends EmailOutboxTest {

  @Override
  NotifyBackend backend() {
    return NotifyBackend.POSTGRESQL;
  }

  @Test
  void twoNodesClaimingAtOnceNeverShareARow() throws Exception {
    String shared = NotifyBackend.SharedPostgres.freshDatabase();
    try (NotifyFixture a = new NotifyFixture(dir.resolve("a"), NotifyBackend.postgres(shared));
        NotifyFixture b = new NotifyFixture(dir.resolve("b"), NotifyBackend.postgres(shared))) {
      EmailStore storeA = new EmailStore(a.notifyDb);
      EmailStore storeB = new EmailStore(b.notifyDb);
      long now = System.currentTimeMillis();
      List<Recipient> users = new ArrayList<>();
      for (long id = 1000; id < 1040; id++) {
        storeA.setMode(id, "u" + id, EmailMode.IMMEDIATE).get(10, TimeUnit.SECONDS);
        users.add(new Recipient(id, "u" + id, Reason.MENTION));
      }
      for (int i = 1; i <= 5; i++) {
        int n = i;
        a.notifyDb.write(c -> {
          writer.written(c, "ev" + n, subject(n), users, now);
          return null;
        }).get(10, TimeUnit.SECONDS);
      }
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<OutboxRow>>> claims = new ArrayList<>();
        for (EmailStore node : List.of(storeA, storeB)) {
          Callable<List<OutboxRow>> task = () -> {
            go.await();
            List<OutboxRow> mine = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
              mine.addAll(node.claim(node == storeA ? "a" : "b", now, LEASE, 7).get(30, TimeUnit.SECONDS));
            }
            return mine;
          };
          claims.add(two.submit(task));
        }
        go.countDown();
        List<OutboxRow> fromA = claims.get(0).get(60, TimeUnit.SECONDS);
        List<OutboxRow> fromB = claims.get(1).get(60, TimeUnit.SECONDS);
        Set<Long> ids = new HashSet<>();
        fromA.forEach(r -> ids.add(r.id()));
        fromB.forEach(r -> ids.add(r.id()));
        assertThat(fromA.size() + fromB.size()).as("no row claimed by both nodes").isEqualTo(ids.size()).isEqualTo(200);
      } finally {
        two.shutdownNow();
      }
    }
  }
}
