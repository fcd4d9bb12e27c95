package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The writer's PostgreSQL connection: kept from group to group while it works, given back to the
 * pool after a failed group (a killed or restarted server breaks it; the pool drops broken ones),
 * and a fresh one taken for the next group.
 */
final class PostgresWriterConnection implements WriterConnection {

  private final DataSource pool;
  private final Runnable onCommit;
  private final Runnable onFailure;
  private Connection current; // writer thread only

  PostgresWriterConnection(DataSource pool, Runnable onCommit, Runnable onFailure) {
    this.pool = pool;
    this.onCommit = onCommit;
    this.onFailure = onFailure;
  }

  @Override
  public Connection get() throws SQLException {
    if (current == null) {
      Connection c;
      try {
        c = pool.getConnection();
      } catch (SQLException e) {
        onFailure.run();
        throw e;
      }
      try {
        c.setAutoCommit(false);
        // Every group sees what earlier groups (of any node) committed.
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      } catch (SQLException e) {
        Jdbc.closeQuietly(c);
        onFailure.run();
        throw e;
      }
      current = c;
    }
    return current;
  }

  @Override
  public void committed(Connection c) {
    onCommit.run();
  }

  @Override
  public void failed(Connection c) {
    onFailure.run();
    if (c == current) {
      current = null;
    }
    Jdbc.closeQuietly(c);
  }

  @Override
  public void close() {
    Jdbc.closeQuietly(current);
    current = null;
  }
}
