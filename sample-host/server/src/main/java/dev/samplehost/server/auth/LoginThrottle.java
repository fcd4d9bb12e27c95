package dev.samplehost.server.auth;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Slows down online password guessing: wrong passwords are counted per client address and per
 * account, and once either count reaches its limit the next check must wait (doubling with each
 * further failure, up to {@link AuthSettings#maxBackoff()}). The wait is enforced before any
 * PBKDF2 work, so a guesser costs the host almost nothing. A separate semaphore caps how many
 * password hashes run at once, host-wide. Successful sign-ins clear the account's count (not the
 * address's: a guesser could otherwise reset it by signing into an account of their own).
 * The counts are per node: with several nodes a guesser gets that many times the attempts.
 */
@Singleton
public final class LoginThrottle {

  /** Entries kept per map before expired ones are swept; beyond it address entries are dropped. */
  private static final int MAX_ENTRIES = 100_000;

  private final AuthSettings settings;
  private final Map<String, Counter> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Counter> byAccount = new ConcurrentHashMap<>();
  private final Semaphore hashing;

  private static final class Counter {
    int failures;
    long lastFailure;
    long blockedUntil;
  }

  @Inject
  public LoginThrottle(AuthSettings settings) {
    this.settings = settings;
    this.hashing = new Semaphore(settings.concurrentPasswordChecks(), true);
  }

  /** Seconds {@code address} (may be null) must wait before trying a password for {@code login}; 0 when it may try now. */
  public long retryAfterSeconds(String address, String login) {
    long now = System.currentTimeMillis();
    long until = Math.max(blockedUntil(byAddress, address, now), blockedUntil(byAccount, key(login), now));
    return until <= now ? 0 : Math.max(1, (until - now + 999) / 1000);
  }

  /** Counts a wrong password for {@code login} from {@code address} (may be null). */
  public void failed(String address, String login) {
    long now = System.currentTimeMillis();
    count(byAddress, address, settings.ipFailures(), now);
    count(byAccount, key(login), settings.accountFailures(), now);
  }

  /** A correct password for {@code login}: its account count starts again. */
  public void succeeded(String login) {
    String k = key(login);
    if (k != null) {
      byAccount.remove(k);
    }
  }

  /**
   * Runs one password hash under the host-wide cap; false (nothing run) when no slot freed up within
   * two seconds, which the caller answers like a throttled attempt.
   */
  public boolean hashWithPermit(Runnable work) {
    try {
      if (!hashing.tryAcquire(2, TimeUnit.SECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      hashing.release();
    }
  }

  private static String key(String login) {
    return login == null || login.isBlank() ? null : login.trim().toLowerCase(Locale.ROOT);
  }

  private static long blockedUntil(Map<String, Counter> map, String key, long now) {
    Counter c = key == null ? null : map.get(key);
    if (c == null) {
      return 0;
    }
    synchronized (c) {
      return c.blockedUntil;
    }
  }

  private void count(Map<String, Counter> map, String key, int limit, long now) {
    if (key == null) {
      return;
    }
    if (map.size() >= MAX_ENTRIES && !map.containsKey(key)) {
      sweep(map, now);
    }
    Counter c = map.computeIfAbsent(key, k -> new Counter());
    synchronized (c) {
      if (now - c.lastFailure > settings.failureWindow().toMillis()) {
        c.failures = 0;
      }
      c.failures++;
      c.lastFailure = now;
      if (c.failures >= limit) {
        int doublings = Math.min(30, c.failures - limit);
        long wait = Math.min(settings.maxBackoff().toMillis(), settings.firstBackoff().toMillis() << doublings);
        c.blockedUntil = now + wait;
      }
    }
  }

  private void sweep(Map<String, Counter> map, long now) {
    long window = settings.failureWindow().toMillis();
    for (Iterator<Counter> it = map.values().iterator(); it.hasNext(); ) {
      Counter c = it.next();
      synchronized (c) {
        if (now - c.lastFailure > window && c.blockedUntil <= now) {
          it.remove();
        }
      }
    }
    // Still full of live entries (many addresses guessing at once): forget some addresses rather
    // than grow without bound; the per-account counts are kept, and they still stop the guessing.
    if (map == byAddress) {
      for (Iterator<String> it = map.keySet().iterator(); it.hasNext() && map.size() >= MAX_ENTRIES; ) {
        it.next();
        it.remove();
      }
    }
  }

  /** The settings (iteration count for hashing). */
  public AuthSettings settings() {
    return settings;
  }
}
