package dev.samplehost.server.auth;

import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CredentialEvent;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Browser sessions: a random id in an HttpOnly cookie (only its SHA-256 is stored) and a CSRF token. */
@Singleton
public class SessionService {
  /** Name of the session cookie. */
  public static final String COOKIE = "samplehost_session";
  private static final Duration LIFETIME = Duration.ofDays(14);
  private final Database db;
  private final HostEventBus events;

  /** A live session. */
  public record Session(String id, User user, String csrf) {}

  /** A session that ended, as its revocation event names it. */
  private record Ended(String idHash, UserRef user) {}

  @Inject
  SessionService(Database db, HostEventBus events) {
    this.db = db;
    this.events = events;
  }

  /** Starts a session for {@code user}. */
  public Session create(User user) {
    String id = Passwords.randomHex(32);
    String csrf = Passwords.randomHex(16);
    long now = System.currentTimeMillis();
    List<Ended> expired = db.tx(sql -> {
      // Expired sessions are never looked up again; sign-ins are rare enough to sweep them here.
      List<Ended> gone = sql.list("SELECT s.id_hash, a.id, a.name, a.full_name, a.email, a.is_admin FROM sessions s "
          + "JOIN accounts a ON a.id = s.user_id WHERE s.expires <= ?", SessionService::ended, now);
      sql.update("DELETE FROM sessions WHERE expires <= ?", now);
      sql.update("INSERT INTO sessions (id_hash, user_id, csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
          Passwords.sha256(id), user.id(), csrf, now, now + LIFETIME.toMillis());
      return gone;
    });
    for (Ended e : expired) {
      revoked(CredentialEvent.Action.SESSION_EXPIRED, e);
    }
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

  /**
   * Whether the session with this id hash (the {@code session:} credential of an identity) still
   * exists and has not expired, for {@code login}. One primary-key lookup.
   */
  public boolean isLive(String idHash, String login) {
    return db.read(sql -> sql.number("SELECT COUNT(*) FROM sessions s JOIN accounts a ON a.id = s.user_id "
        + "WHERE s.id_hash = ? AND s.expires > ? AND a.name = ?", idHash, System.currentTimeMillis(), login)) > 0;
  }

  /** Ends the session (sign out) and tells listeners, so that connections opened with it close. */
  public void delete(String id) {
    if (id == null) {
      return;
    }
    String hash = Passwords.sha256(id);
    Optional<Ended> ended = db.tx(sql -> {
      Optional<Ended> row = sql.one("SELECT s.id_hash, a.id, a.name, a.full_name, a.email, a.is_admin FROM sessions s "
          + "JOIN accounts a ON a.id = s.user_id WHERE s.id_hash = ?", SessionService::ended, hash);
      sql.update("DELETE FROM sessions WHERE id_hash = ?", hash);
      return row;
    });
    ended.ifPresent(e -> revoked(CredentialEvent.Action.SIGNED_OUT, e));
  }

  private static Ended ended(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Ended(rs.getString(1), new UserRef(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getInt(6) != 0));
  }

  private void revoked(CredentialEvent.Action action, Ended e) {
    CredentialEvent event = new CredentialEvent(action, e.user(),
        Optional.of(HostAuthenticator.SESSION_CREDENTIAL + e.idHash()));
    events.fire(l -> l.onCredentialRevoked(event));
  }
}
