package dev.tidings.plugin.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small JDBC helpers shared by the SQLite and PostgreSQL databases. */
final class Jdbc {

  private static final Logger log = LoggerFactory.getLogger(Jdbc.class);

  private Jdbc() {}

  /** Closes {@code c} (may be null); a failure is only logged: the connection is being given up anyway. */
  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Closing a connection failed", e);
    }
  }
}
