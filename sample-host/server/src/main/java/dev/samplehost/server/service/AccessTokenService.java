package dev.samplehost.server.service;

import dev.samplehost.api.events.CredentialEvent;
import dev.samplehost.server.auth.Passwords;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.AccessToken;
import dev.samplehost.server.domain.NewAccessToken;
import dev.samplehost.server.domain.TokenLogin;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Personal access tokens: create, list, delete, and resolve a plaintext token to its user. */
@Singleton
public class AccessTokenService {
  private static final int TOKEN_CACHE_MAX = 10_000;
  private final Database db;
  private final HostEventBus events;
  /**
   * Valid tokens by their SHA-256, because every API call and WebSocket handshake resolves one and
   * the database has a single connection; dropped whole whenever a token or a profile changes (on
   * another node: within one {@link dev.samplehost.server.db.CacheGenerations} refresh).
   */
  private final ConcurrentHashMap<String, TokenLogin> tokenCache = new ConcurrentHashMap<>();

  @Inject
  AccessTokenService(Database db, HostEventBus events) {
    this.db = db;
    this.events = events;
  }

  /** Creates a token named {@code name}; 400 if the user already has a token with that name. */
  public NewAccessToken createToken(User user, String name, List<String> scopes) {
    if (name == null || name.isBlank()) {
      throw new ValidationException("Name", "Required");
    }
    String plaintext = Passwords.randomHex(20);
    String lastEight = plaintext.substring(plaintext.length() - 8);
    List<String> scopeList = scopes == null ? List.of() : List.copyOf(scopes);
    return db.tx(sql -> {
      if (sql.number("SELECT COUNT(*) FROM access_tokens WHERE user_id = ? AND name = ?", user.id(), name) > 0) {
        throw new BadRequestException("access token name has been used already");
      }
      long now = Rows.now();
      long id = sql.insert(
          "INSERT INTO access_tokens (user_id, name, token_hash, last_eight, scopes, created) VALUES (?, ?, ?, ?, ?, ?)",
          user.id(), name, Passwords.sha256(plaintext), lastEight, String.join(",", scopeList), now);
      return new NewAccessToken(
          new AccessToken(id, user.id(), name, lastEight, scopeList, Instant.ofEpochMilli(now)), plaintext);
    });
  }

  /** The user's tokens, oldest first (never the plaintext). */
  public List<AccessToken> tokens(User user) {
    return db.read(sql -> sql.list(
        "SELECT id, user_id, name, last_eight, scopes, created FROM access_tokens WHERE user_id = ? ORDER BY id",
        AccessTokenService::token, user.id()));
  }

  /**
   * Deletes the user's token by id or name; 404 if there is none. Listeners hear of it (after the
   * delete), so that connections opened with the token close at once.
   */
  public void deleteToken(User user, String idOrName) {
    List<Long> ids = db.tx(sql -> {
      List<Long> found = sql.list(
          "SELECT id FROM access_tokens WHERE user_id = ? AND (CAST(id AS TEXT) = ? OR name = ?)",
          rs -> rs.getLong(1), user.id(), idOrName, idOrName);
      sql.update("DELETE FROM access_tokens WHERE user_id = ? AND (CAST(id AS TEXT) = ? OR name = ?)",
          user.id(), idOrName, idOrName);
      return found;
    });
    tokenCache.clear();
    if (ids.isEmpty()) {
      throw new NotFoundException("access token does not exist [id: " + idOrName + "]");
    }
    for (long id : ids) {
      CredentialEvent event = new CredentialEvent(CredentialEvent.Action.TOKEN_DELETED, user.toRef(),
          Optional.of("token:" + id));
      events.fire(l -> l.onCredentialRevoked(event));
    }
  }

  /** Whether the token with this id still exists and belongs to {@code login}: one primary-key lookup. */
  public boolean tokenExists(long id, String login) {
    return db.read(sql -> sql.number("SELECT COUNT(*) FROM access_tokens t JOIN accounts a ON a.id = t.user_id "
        + "WHERE t.id = ? AND a.name = ?", id, login)) > 0;
  }

  /** The user and token for a plaintext token, if it is valid. */
  public Optional<TokenLogin> resolveToken(String plaintext) {
    if (plaintext == null || plaintext.isBlank()) {
      return Optional.empty();
    }
    String hash = Passwords.sha256(plaintext.trim());
    TokenLogin cached = tokenCache.get(hash);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<TokenLogin> resolved = db.read(sql -> {
      Optional<AccessToken> token = sql.one(
          "SELECT id, user_id, name, last_eight, scopes, created FROM access_tokens WHERE token_hash = ?",
          AccessTokenService::token, hash);
      if (token.isEmpty()) {
        return Optional.empty();
      }
      return sql.one(
              "SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.id = ?", Rows.USER, token.get().userId())
          .map(u -> new TokenLogin(u, token.get()));
    });
    resolved.ifPresent(login -> {
      if (tokenCache.size() >= TOKEN_CACHE_MAX) {
        tokenCache.clear();
      }
      tokenCache.put(hash, login);
    });
    return resolved;
  }

  /** Drops every cached resolution (a token or a profile changed, here or on another node). */
  public void forgetResolved() {
    tokenCache.clear();
  }

  private static AccessToken token(java.sql.ResultSet rs) throws SQLException {
    return new AccessToken(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        Rows.split(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)));
  }
}
