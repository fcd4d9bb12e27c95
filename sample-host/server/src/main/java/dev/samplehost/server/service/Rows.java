package dev.samplehost.server.service;

import dev.samplehost.server.db.Sql;
import dev.samplehost.server.domain.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Row mappers and column lists shared by the services. */
final class Rows {
  static final String USER_COLUMNS = "a.id, a.name, a.full_name, a.email, a.is_admin, a.created";

  private Rows() {}

  static final Sql.RowMapper<User> USER = rs -> new User(
      rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) != 0,
      Instant.ofEpochMilli(rs.getLong(6)));

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static List<String> split(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static long now() {
    return System.currentTimeMillis();
  }
}
