package dev.samplehost.server.service;

import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.auth.LoginThrottle;
import dev.samplehost.server.auth.Passwords;
import dev.samplehost.server.auth.TooManyAttemptsException;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** User accounts and password checks (access tokens are {@link AccessTokenService}'s). Authorisation is the caller's job. */
@Singleton
public class UserService {
  private static final long VERIFIED_TTL_MS = 5 * 60_000L;
  private static final int MIN_PASSWORD = 6;
  private final Database db;
  private final HostAccessControl access;
  private final LoginThrottle throttle;
  private final AccessTokenService tokens;
  /** Recently verified passwords (by SHA-256 of login, password and stored hash), because git sends Basic on every request and PBKDF2 is slow on purpose. */
  private final ConcurrentHashMap<String, Long> verified = new ConcurrentHashMap<>();

  @Inject
  UserService(Database db, HostAccessControl access, LoginThrottle throttle, AccessTokenService tokens) {
    this.db = db;
    this.access = access;
    this.throttle = throttle;
    this.tokens = tokens;
  }

  /** Creates a user; 422 for bad or taken names, 400 for a too-short password. */
  public User create(String login, String password, String email, String fullName, boolean admin) {
    Names.account("UserName", login);
    if (email == null || email.isBlank()) {
      throw new ValidationException("Email", "Required");
    }
    if (!email.contains("@")) {
      throw new ValidationException("Email", "Email");
    }
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new BadRequestException("password is too short: at least " + MIN_PASSWORD + " characters");
    }
    String hash = Passwords.hash(password, throttle.settings().passwordIterations());
    User user = db.tx(sql -> {
      if (sql.number("SELECT COUNT(*) FROM accounts WHERE name = ?", login) > 0) {
        throw new ValidationException("user already exists [name: " + login + "]");
      }
      if (sql.number("SELECT COUNT(*) FROM accounts WHERE kind = 'user' AND email = ? COLLATE NOCASE", email) > 0) {
        throw new ValidationException("e-mail already in use [email: " + email + "]");
      }
      long now = Rows.now();
      long id = sql.insert(
          "INSERT INTO accounts (name, kind, full_name, email, password_hash, is_admin, created) "
              + "VALUES (?, 'user', ?, ?, ?, ?, ?)",
          login, fullName == null ? "" : fullName, email, hash, admin, now);
      return new User(id, login, fullName == null ? "" : fullName, email, admin, Instant.ofEpochMilli(now));
    });
    access.invalidate();
    return user;
  }

  /** The user with this login (case-insensitive), if any. */
  public Optional<User> find(String login) {
    if (login == null) {
      return Optional.empty();
    }
    return db.read(sql -> sql.one(
        "SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.name = ? AND a.kind = 'user'",
        Rows.USER, login));
  }

  /** The user with this login, or 404. */
  public User get(String login) {
    return find(login).orElseThrow(() -> new NotFoundException("user does not exist [name: " + login + "]"));
  }

  /** The user with this id, if any. */
  public Optional<User> byId(long id) {
    return db.read(sql -> sql.one(
        "SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.id = ? AND a.kind = 'user'",
        Rows.USER, id));
  }

  /** All users, by login, one page (1-based). */
  public List<User> list(int page, int limit) {
    int p = Math.max(page, 1);
    return db.read(sql -> sql.list(
        "SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.kind = 'user' ORDER BY a.name LIMIT ? OFFSET ?",
        Rows.USER, limit, (p - 1) * limit));
  }

  /** The user if {@code password} is theirs (no throttling: trusted callers and tests). */
  public Optional<User> verifyPassword(String login, String password) {
    try {
      return verifyPassword(login, password, null, false);
    } catch (TooManyAttemptsException e) {
      return Optional.empty();
    }
  }

  /**
   * The user if {@code password} is theirs, counted against {@code address} and the account by the
   * {@link LoginThrottle}: refused before any hashing while either has to wait. A correct password
   * stored with fewer than the configured iterations is re-hashed (once, transparently).
   */
  public Optional<User> verifyPassword(String login, String password, String address)
      throws TooManyAttemptsException {
    return verifyPassword(login, password, address, true);
  }

  private Optional<User> verifyPassword(String login, String password, String address, boolean throttled)
      throws TooManyAttemptsException {
    if (login == null || password == null) {
      return Optional.empty();
    }
    if (throttled) {
      long wait = throttle.retryAfterSeconds(address, login);
      if (wait > 0) {
        throw new TooManyAttemptsException(wait);
      }
    }
    Optional<Object[]> row = db.read(sql -> sql.one(
        "SELECT a.id, a.password_hash FROM accounts a WHERE a.name = ? AND a.kind = 'user'",
        rs -> new Object[] {rs.getLong(1), rs.getString(2)}, login));
    int iterations = throttle.settings().passwordIterations();
    if (row.isEmpty()) {
      hash(() -> Passwords.verifyNothing(password, iterations));
      fail(address, login, throttled);
      return Optional.empty();
    }
    long id = (Long) row.get()[0];
    String stored = (String) row.get()[1];
    String cacheKey = Passwords.sha256(login.toLowerCase(java.util.Locale.ROOT) + "\0" + password + "\0" + stored);
    Long until = verified.get(cacheKey);
    long now = System.currentTimeMillis();
    if (until == null || until < now) {
      boolean[] ok = new boolean[1];
      hash(() -> ok[0] = Passwords.verify(password, stored));
      if (!ok[0]) {
        fail(address, login, throttled);
        return Optional.empty();
      }
      if (Passwords.iterations(stored) < iterations) {
        rehash(id, stored, password, iterations);
      } else {
        if (verified.size() > 10_000) {
          verified.clear();
        }
        verified.put(cacheKey, now + VERIFIED_TTL_MS);
      }
    }
    if (throttled) {
      throttle.succeeded(login);
    }
    return byId(id);
  }

  private void hash(Runnable work) throws TooManyAttemptsException {
    if (!throttle.hashWithPermit(work)) {
      throw new TooManyAttemptsException(1);
    }
  }

  private void fail(String address, String login, boolean throttled) {
    if (throttled) {
      throttle.failed(address, login);
    }
  }

  /** Stores a hash with today's iteration count, unless the password changed meanwhile. */
  private void rehash(long id, String old, String password, int iterations) {
    String fresh = Passwords.hash(password, iterations);
    db.tx(sql -> sql.update("UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?",
        fresh, id, old));
  }

  /** Updates the full name and e-mail (null keeps a value). */
  public User updateProfile(User user, String fullName, String email) {
    if (email != null && !email.contains("@")) {
      throw new ValidationException("Email", "Email");
    }
    db.tx(sql -> sql.update(
        "UPDATE accounts SET full_name = COALESCE(?, full_name), email = COALESCE(?, email) WHERE id = ?",
        fullName, email, user.id()));
    tokens.forgetResolved(); // the cached logins carry the old profile
    return byId(user.id()).orElseThrow();
  }

  /** Whether a user with this login exists. */
  public boolean exists(String login) {
    return login != null && db.read(sql -> sql.number(
        "SELECT COUNT(*) FROM accounts WHERE name = ? AND kind = 'user'", login)) > 0;
  }
}
