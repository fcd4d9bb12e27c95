package dev.tidings.plugin.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure because the database server cannot be reached (down, restarting, pool timed
 * out) from a failure of the work itself: the first heals by waiting, the second does not.
 */
public final class Unavailable {

  private Unavailable() {}

  /** True when {@code failure} or one of its causes says the server was not reachable. */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException e && e.getSQLState() != null
          // 08: connection exception; 57P: admin shutdown, crash shutdown, cannot connect now.
          && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }
}
