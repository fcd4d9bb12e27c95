package dev.samplehost.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helper bound to the host's connection: prepared statements with positional parameters. */
public final class Sql {

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    /** The value of the current row. */
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection connection;

  Sql(Connection connection) {
    this.connection = connection;
  }

  /** Every row of {@code query}. */
  public <T> List<T> list(String query, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement st = prepare(query, false, params); ResultSet rs = st.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /** The first row of {@code query}, if any. */
  public <T> Optional<T> one(String query, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement st = prepare(query, false, params); ResultSet rs = st.executeQuery()) {
      return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
    }
  }

  /** The single long of {@code query} (0 when there is no row). */
  public long number(String query, Object... params) throws SQLException {
    try (PreparedStatement st = prepare(query, false, params); ResultSet rs = st.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  /** Runs an update and returns the number of changed rows. */
  public int update(String statement, Object... params) throws SQLException {
    try (PreparedStatement st = prepare(statement, false, params)) {
      return st.executeUpdate();
    }
  }

  /** Runs an insert and returns the generated row id. */
  public long insert(String statement, Object... params) throws SQLException {
    try (PreparedStatement st = prepare(statement, true, params)) {
      st.executeUpdate();
      try (ResultSet keys = st.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("No generated key for: " + statement);
        }
        return keys.getLong(1);
      }
    }
  }

  private PreparedStatement prepare(String query, boolean keys, Object... params) throws SQLException {
    PreparedStatement st = keys
        ? connection.prepareStatement(query, Statement.RETURN_GENERATED_KEYS)
        : connection.prepareStatement(query);
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Boolean b) {
        st.setInt(i + 1, b ? 1 : 0);
      } else if (p instanceof java.time.Instant t) {
        st.setLong(i + 1, t.toEpochMilli());
      } else {
        st.setObject(i + 1, p);
      }
    }
    return st;
  }
}
