package dev.tidings.plugin.notify.prefs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.SqlIn;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Preferences and per-repository watch levels in the plugin's SQLite file. */
@Singleton
public final class PreferencesStore {


  private final Database db;
  private final ObjectMapper mapper;

  @Inject
  public PreferencesStore(Database db, ObjectMapper mapper) {
    this.db = db;
    this.mapper = mapper;
  }

  /** The user's preferences (defaults when never saved). */
  public Preferences preferences(long userId) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT document FROM notify_preferences WHERE user_id = ?")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? PreferencesCodec.load(mapper, rs.getString(1)) : Preferences.defaults();
        }
      }
    });
  }

  /** Preferences of many users at once (missing users get the defaults). */
  public Map<Long, Preferences> preferences(Collection<Long> userIds) throws SQLException {
    Map<Long, Preferences> out = new HashMap<>();
    List<Long> ids = new ArrayList<>(userIds);
    db.read(c -> {
      for (List<Long> chunk : SqlIn.chunks(ids)) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT user_id, document FROM notify_preferences WHERE user_id IN (" + SqlIn.placeholders(chunk.size()) + ")")) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setLong(i + 1, chunk.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getLong(1), PreferencesCodec.load(mapper, rs.getString(2)));
            }
          }
        }
      }
      return null;
    });
    for (Long id : userIds) {
      out.putIfAbsent(id, Preferences.defaults());
    }
    return out;
  }

  /** Saves the user's preferences. */
  public CompletableFuture<Void> save(long userId, String login, Preferences p) {
    String doc = PreferencesCodec.store(mapper, p);
    long now = System.currentTimeMillis();
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO notify_preferences (user_id, user_login, default_level, document, updated_at) VALUES (?,?,?,?,?) "
              + "ON CONFLICT(user_id) DO UPDATE SET user_login = excluded.user_login, "
              + "default_level = excluded.default_level, document = excluded.document, updated_at = excluded.updated_at")) {
        ps.setLong(1, userId);
        ps.setString(2, login);
        ps.setString(3, p.defaultLevel().wire());
        ps.setString(4, doc);
        ps.setLong(5, now);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The user's override for one repository, if any. */
  public Optional<RepoWatch> watch(long userId, long repoId) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_WATCH + " WHERE user_id = ? AND repo_id = ?")) {
        ps.setLong(1, userId);
        ps.setLong(2, repoId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(watch(rs)) : Optional.empty();
        }
      }
    });
  }

  /** Sets (or replaces) the user's override for one repository. */
  public CompletableFuture<RepoWatch> setWatch(long userId, String login, long repoId, String owner, String name,
      WatchLevel level, Set<EventKind> kinds) {
    return db.write(c -> setWatch(c, userId, login, repoId, owner, name, level, kinds, System.currentTimeMillis()));
  }

  /** Writes an override on the writer's connection (also used inside the router's batch). */
  public static RepoWatch setWatch(Connection c, long userId, String login, long repoId, String owner, String name,
      WatchLevel level, Set<EventKind> kinds, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO notify_watch (user_id, user_login, repo_id, repo_owner, repo_name, level, kinds, created_at, updated_at) "
            + "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(user_id, repo_id) DO UPDATE SET user_login = excluded.user_login, "
            + "repo_owner = excluded.repo_owner, repo_name = excluded.repo_name, level = excluded.level, "
            + "kinds = excluded.kinds, updated_at = excluded.updated_at")) {
      ps.setLong(1, userId);
      ps.setString(2, login);
      ps.setLong(3, repoId);
      ps.setString(4, owner);
      ps.setString(5, name);
      ps.setString(6, level.wire());
      ps.setString(7, String.join(",", PreferencesCodec.kinds(kinds)));
      ps.setLong(8, now);
      ps.setLong(9, now);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(SELECT_WATCH + " WHERE user_id = ? AND repo_id = ?")) {
      ps.setLong(1, userId);
      ps.setLong(2, repoId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return watch(rs);
      }
    }
  }

  /** Removes the user's override for one repository (true when there was one). */
  public CompletableFuture<Boolean> deleteWatch(long userId, long repoId) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_watch WHERE user_id = ? AND repo_id = ?")) {
        ps.setLong(1, userId);
        ps.setLong(2, repoId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  /** Every override on a repository (the watchers by explicit choice). */
  public List<RepoWatch> watchesOf(long repoId) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_WATCH + " WHERE repo_id = ?")) {
        ps.setLong(1, repoId);
        List<RepoWatch> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(watch(rs));
          }
        }
        return out;
      }
    });
  }

  /** A user whose default level makes them a watcher of every repository they can read. */
  public record DefaultWatcher(long userId, String login, Preferences preferences) {}

  /** Users whose default level is watching or custom. */
  public List<DefaultWatcher> defaultWatchers() throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT user_id, user_login, document FROM notify_preferences WHERE default_level IN ('watching','custom')")) {
        List<DefaultWatcher> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new DefaultWatcher(rs.getLong(1), rs.getString(2), PreferencesCodec.load(mapper, rs.getString(3))));
          }
        }
        return out;
      }
    });
  }

  /** Repositories the user watches explicitly (watching or custom), oldest first, one page. */
  public List<RepoWatch> subscriptions(long userId, int offset, int limit) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(SELECT_WATCH
          + " WHERE user_id = ? AND level IN ('watching','custom') ORDER BY created_at, repo_id LIMIT ? OFFSET ?")) {
        ps.setLong(1, userId);
        ps.setInt(2, limit);
        ps.setInt(3, offset);
        List<RepoWatch> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(watch(rs));
          }
        }
        return out;
      }
    });
  }

  /** The level that applies to a user in a repository: the override, else the default. */
  public static EffectiveLevel effective(Preferences p, RepoWatch override) {
    if (override != null) {
      return new EffectiveLevel(override.level(), override.kinds());
    }
    return new EffectiveLevel(p.defaultLevel(), p.customKinds());
  }

  private static final String SELECT_WATCH =
      "SELECT user_id, user_login, repo_id, repo_owner, repo_name, level, kinds, created_at FROM notify_watch";

  private static RepoWatch watch(ResultSet rs) throws SQLException {
    Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
    String k = rs.getString(7);
    if (k != null && !k.isEmpty()) {
      for (String s : k.split(",")) {
        EventKind.parse(s).ifPresent(kinds::add);
      }
    }
    return new RepoWatch(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
        WatchLevel.parse(rs.getString(6)).orElse(WatchLevel.PARTICIPATING), kinds, rs.getLong(8));
  }
}
