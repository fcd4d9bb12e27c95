package dev.tidings.plugin.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** Opens the PostgreSQL pool and migrates the notification schema ({@value #MIGRATIONS}). */
final class PostgresOpener {

  /** PostgreSQL's own migrations: the notification tables of SQLite's V2-V5, in PostgreSQL's types. */
  static final String MIGRATIONS = "classpath:db/tidings-postgresql";

  private PostgresOpener() {}

  /**
   * The pool, with the schema migrated: the server must be reachable at start (Flyway needs it,
   * and a plugin that starts without its notification store would only hide the mistake);
   * later outages are survived.
   */
  static HikariDataSource open(PostgresSettings s) {
    // A DataSource, not DriverManager: DriverManager looks drivers up through the host's class
    // loader and does not see the plugin's (relocated) pgjdbc.
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(s.url());
    if (!s.user().isEmpty()) {
      pg.setUser(s.user());
    }
    if (!s.password().isEmpty()) {
      pg.setPassword(s.password());
    }
    // One round trip for a batch of 10,000 watchers' upserts instead of one per row.
    pg.setReWriteBatchedInserts(true);
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("tidings-postgresql");
    cfg.setDataSource(pg);
    cfg.setMaximumPoolSize(s.poolSize());
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(Math.max(250, s.connectTimeout().toMillis()));
    HikariDataSource pool = new HikariDataSource(cfg);
    try {
      Flyway.configure(PostgresOpener.class.getClassLoader())
          .dataSource(pool)
          .locations(MIGRATIONS)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }
}
