package dev.tidings.plugin.presence;

import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Presence choices in the notification database ({@code presence_preferences}, migration V8). */
@Singleton
public final class PresencePreferenceStore implements PresencePreferences.Source {

  private static final Logger log = LoggerFactory.getLogger(PresencePreferenceStore.class);

  private final Database db;

  /** A store in {@code db}. */
  @Inject
  public PresencePreferenceStore(@Notifications Database db) {
    this.db = db;
  }

  /** {@inheritDoc} A failed read shows the user (the default) rather than refusing the subscribe; it is logged. */
  @Override
  public PresencePreferences of(String login) {
    try {
      return read(login);
    } catch (SQLException e) {
      log.warn("Reading the presence preferences of {} failed; using the defaults", login, e);
      return PresencePreferences.DEFAULT;
    }
  }

  /** {@code login}'s choices, the default when never saved. */
  public PresencePreferences read(String login) throws SQLException {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT invisible, typing FROM presence_preferences WHERE user_login = ?")) {
        ps.setString(1, login);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new PresencePreferences(rs.getInt(1) != 0, rs.getInt(2) != 0) : PresencePreferences.DEFAULT;
        }
      }
    });
  }

  /** Saves {@code login}'s choices. */
  public CompletableFuture<Void> save(String login, PresencePreferences p) {
    long now = System.currentTimeMillis();
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO presence_preferences (user_login, invisible, typing, updated_at) VALUES (?,?,?,?) "
              + "ON CONFLICT (user_login) DO UPDATE SET invisible = excluded.invisible, typing = excluded.typing, "
              + "updated_at = excluded.updated_at")) {
        ps.setString(1, login);
        ps.setInt(2, p.invisible() ? 1 : 0);
        ps.setInt(3, p.typing() ? 1 : 0);
        ps.setLong(4, now);
        ps.executeUpdate();
      }
      return null;
    });
  }
}
