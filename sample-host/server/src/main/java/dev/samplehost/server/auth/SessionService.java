package dev.samplehost.server.auth;

import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Browser sessions: a random id in an HttpOnly cookie (only its SHA-256 is stored) and a CSRF token. */
@Singleton
public class SessionService {
  /** Name of the session cookie. */
  public static final String COOKIE = "samplehost_session";
  private static final Duration LIFETIME = Duration.ofDays(14);
  private final Database db;

  /** A live session. */
  public record Session(String id, User user, String csrf) {}

  @Inject
  SessionService(Database db) {
    this.db = db;
  }

  /** Starts a session for {@code user}. */
  public Session create(User user) {
    String id = Passwords.randomHex(32);
    String csrf = Passwords.randomHex(16);
    long now = System.currentTimeMillis();
    db.tx(sql -> {
      // Expired sessions are never looked up again; sign-ins are rare enough to sweep them here.
      sql.update("DELETE FROM sessions WHERE expires <= ?", now);
      return sql.update("INSERT INTO sessions (id_hash, user_id, csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
          Passwords.sha256(id), user.id(), csrf, now, now + LIFETIME.toMillis());
    });
    return new Session(id, user, csrf);
  }

  /** The live session with this cookie value, if any. */
  public Optional<Session> find(String id) {
    if (id == null || id.isBlank() || id.length() > 128) {
      return Optional.empty();
    }
    return db.read(sql -> sql.one(
        "SELECT a.id, a.name, a.full_name, a.email, a.is_admin, a.created, s.csrf FROM sessions s "
            + "JOIN accounts a ON a.id = s.user_id WHERE s.id_hash = ? AND s.expires > ?",
        rs -> new Session(id, new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5) != 0, Instant.ofEpochMilli(rs.getLong(6))), rs.getString(7)),
        Passwords.sha256(id), System.currentTimeMillis()));
  }

  /** Ends the session (sign out). */
  public void delete(String id) {
    if (id != null) {
      db.tx(sql -> sql.update("DELETE FROM sessions WHERE id_hash = ?", Passwords.sha256(id)));
    }
  }
}
