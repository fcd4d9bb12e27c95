package dev.tidings.plugin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.plugin.config.TidingsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real SQLite file through Flyway: group commit, savepoint isolation, reads, restart. */
class SqliteDatabaseTest {

  @TempDir Path dir;
  SimpleMeterRegistry meters = new SimpleMeterRegistry();
  SqliteDatabase db;

  @BeforeEach
  void open() throws Exception {
    db = new SqliteDatabase(dir.resolve("tidings.db"), new TidingsConfig(new Properties()), meters);
    db.start();
    db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)"))
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    db.stop();
  }

  @Test
  void migratesTheEventLogSchema() throws Exception {
    String epoch = db.read(c -> {
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT meta_value FROM tidings_meta WHERE meta_key = 'log.epoch'")) {
        return rs.next() ? rs.getString(1) : null;
      }
    });
    assertThat(epoch).matches("[0-9a-f]{8}");
  }

  @Test
  void concurrentWritersAreCommittedInGroupsAndAllLand() throws Exception {
    int threads = 8;
    int perThread = 250;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    List<Thread> writers = new ArrayList<>();
    Object lock = new Object();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          String key = id + "-" + i;
          CompletableFuture<Integer> f = db.write(c -> insert(c, key, 1));
          synchronized (lock) {
            futures.add(f);
          }
        }
      });
      th.start();
      writers.add(th);
    }
    go.countDown();
    for (Thread th : writers) {
      th.join(30_000);
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(count()).isEqualTo(threads * perThread);
    var batches = meters.get("tidings.db.batch.size").summary();
    // 2,000 writes + the table creation; with 8 threads racing, some groups hold several writes.
    assertThat((long) batches.totalAmount()).isEqualTo(threads * perThread + 1L);
    assertThat(batches.count()).isLessThanOrEqualTo(threads * perThread + 1L);
    assertThat(meters.get("tidings.log.commit").timer().count()).isEqualTo(batches.count());
  }

  @Test
  void aFailingWorkRollsBackOnlyItselfNotItsGroup() throws Exception {
    // Hold the writer busy so that the next three works are drained into one group.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Object> blocker = db.write(c -> {
      running.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    // Queue the three only once the writer runs the blocker: queued earlier, they would be drained
    // into the blocker's own group.
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> a = db.write(c -> insert(c, "a", 1));
    CompletableFuture<Integer> bad = db.write(c -> {
      insert(c, "b", 1);
      return insert(c, "a", 2); // primary key violation after a successful insert
    });
    CompletableFuture<Integer> d = db.write(c -> insert(c, "d", 1));
    release.countDown();
    blocker.get(10, TimeUnit.SECONDS);
    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(d.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SQLException.class);
    assertThat(keys()).containsExactly("a", "d"); // "b" rolled back with its work
    // The three were queued behind the blocker, so they were committed as one group (2 succeeded).
    assertThat(meters.get("tidings.db.batch.size").summary().max()).isEqualTo(2.0);
  }

  @Test
  void outcomeRunsOnTheWriterThreadBeforeTheFutureCompletes() throws Exception {
    List<String> seen = new ArrayList<>();
    CompletableFuture<Integer> f = db.write(c -> insert(c, "x", 1), new Database.Outcome<Integer>() {
      @Override
      public void committed(Integer result) {
        seen.add(Thread.currentThread().getName() + ":" + result);
      }
    });
    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(seen).containsExactly("tidings-db-writer:1");
  }

  @Test
  void dataSurvivesARestartAndStoppedDatabaseRefusesWrites() throws Exception {
    db.write(c -> insert(c, "kept", 7)).get(10, TimeUnit.SECONDS);
    db.stop();
    assertThat(db.write(c -> insert(c, "late", 1))).isCompletedExceptionally();
    db = new SqliteDatabase(dir.resolve("tidings.db"), new TidingsConfig(new Properties()), meters);
    db.start();
    assertThat(keys()).containsExactly("kept");
    assertThat(db.writerHealthy()).isTrue();
  }

  private static int insert(java.sql.Connection c, String k, int v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
      ps.setString(1, k);
      ps.setInt(2, v);
      return ps.executeUpdate();
    }
  }

  private int count() throws SQLException {
    return db.read(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  private List<String> keys() throws SQLException {
    return db.read(c -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT k FROM t ORDER BY k")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }
}
