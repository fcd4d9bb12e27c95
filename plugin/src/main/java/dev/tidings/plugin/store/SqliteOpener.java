package dev.tidings.plugin.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the plugin's SQLite file: WAL mode, the connection settings every connection shares, and Flyway's migrations. */
final class SqliteOpener {

  /** Where the plugin's Flyway migrations live (V1 by the log, V2 by notifications). */
  static final String MIGRATIONS = "classpath:db/tidings";

  private SqliteOpener() {}

  /** A data source for {@code file}, migrated to the newest schema. */
  static SQLiteDataSource open(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    cfg.setBusyTimeout(5000);
    // Otherwise sqlite-jdbc runs a regex and an extra "SELECT last_insert_rowid()" after every
    // insert (profiled: more than the insert itself); use RETURNING when a key is needed.
    cfg.setGetGeneratedKeys(false);
    // SQLiteDataSource, not DriverManager: DriverManager looks drivers up through the host's
    // class loader and does not see the plugin's sqlite-jdbc.
    SQLiteDataSource dataSource = new SQLiteDataSource(cfg);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    // The plugin's own class loader: with the host's context class loader Flyway finds no
    // migrations and only warns; failOnMissingLocations turns that into an error.
    Flyway.configure(SqliteOpener.class.getClassLoader())
        .dataSource(dataSource)
        .locations(MIGRATIONS)
        .failOnMissingLocations(true)
        .load()
        .migrate();
    return dataSource;
  }
}
