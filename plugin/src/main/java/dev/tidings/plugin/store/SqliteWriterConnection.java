package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite's writer connection: one for the writer's whole life (SQLite has one writer anyway), with
 * automatic checkpoints off because {@link WalCheckpointer} does them after commits.
 */
final class SqliteWriterConnection implements WriterConnection {

  private final Connection connection;
  private final WalCheckpointer wal;

  SqliteWriterConnection(Connection connection, WalCheckpointer wal) throws SQLException {
    this.connection = connection;
    this.wal = wal;
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint = 0");
    }
    connection.setAutoCommit(false);
  }

  @Override
  public Connection get() {
    return connection;
  }

  @Override
  public void committed(Connection c) {
    wal.committed(c);
  }

  @Override
  public void failed(Connection c) {
    // A local file: the connection stays usable after a failed group.
  }

  @Override
  public void close() {
    Jdbc.closeQuietly(connection);
  }
}
