package dev.tidings.plugin.notify;

import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.PostgresDatabase;
import dev.tidings.plugin.store.PostgresSettings;
import dev.tidings.plugin.store.SqliteDatabase;
import dev.tidings.testing.services.PostgresServer;
import dev.tidings.testing.support.Requirements;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Where a test's notification tables live: the SQLite file of the event log, or a PostgreSQL database. */
interface NotifyBackend {

  /** The notification database (started), next to {@code sqlite} (the log's). */
  Database open(SqliteDatabase sqlite, MeterRegistry meters) throws Exception;

  NotifyBackend SQLITE = (sqlite, meters) -> sqlite;

  /** A fresh database on the run's shared server. */
  NotifyBackend POSTGRESQL = (sqlite, meters) -> postgres(SharedPostgres.freshDatabase()).open(sqlite, meters);

  /** The database at {@code url}: several fixtures on one URL are several nodes sharing it. */
  static NotifyBackend postgres(String url) {
    return (sqlite, meters) -> {
      PostgresDatabase db = new PostgresDatabase(settings(url), meters);
      db.start();
      return db;
    };
  }

  static PostgresSettings settings(String url) {
    return new PostgresSettings(url, PostgresServer.USER, "", 4, Duration.ofSeconds(5), 1000, 100_000,
        Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  /** One PostgreSQL server for every test of the run (a cluster takes seconds to create), a database per fixture. */
  final class SharedPostgres {
    private static PostgresServer server;
    private static final AtomicInteger databases = new AtomicInteger();

    private SharedPostgres() {}

    static synchronized String freshDatabase() throws Exception {
      if (server == null) {
        Requirements.require(PostgresServer.binaries().isPresent(),
            "PostgreSQL (Debian: apt-get install -y postgresql) for the store=postgresql tests");
        server = PostgresServer.launch();
        PostgresServer s = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            s.close();
          } catch (Exception e) {
            // The JVM is going; the temp folder may stay.
          }
        }));
      }
      String name = "notify_" + databases.incrementAndGet();
      server.psql("CREATE DATABASE " + name);
      return server.jdbcUrl().replaceFirst("/" + PostgresServer.DATABASE + "$", "/" + name);
    }
  }
}
