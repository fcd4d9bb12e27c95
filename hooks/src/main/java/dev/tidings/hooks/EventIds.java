package dev.tidings.hooks;

import java.security.SecureRandom;

/**
 * Makes event ids in the ULID form: 26 Crockford base-32 characters, the first ten the creation
 * time in milliseconds, so that ids sort by time as strings; ids made in the same millisecond by
 * this process still sort in creation order (the random part is incremented).
 */
public final class EventIds {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static long lastMillis = -1;
  private static long randomHigh; // 16 bits
  private static long randomLow;  // 64 bits

  private EventIds() {}

  /** A new id for an event happening now. */
  public static String next() {
    return next(System.currentTimeMillis());
  }

  /** A new id with the time part {@code millis} (never earlier than the last id made here). */
  public static synchronized String next(long millis) {
    if (millis <= lastMillis) {
      millis = lastMillis;
      randomLow++;
      if (randomLow == 0) {
        randomHigh = (randomHigh + 1) & 0xFFFF;
        if (randomHigh == 0) {
          millis++; // 2^80 ids in one millisecond: move on to the next one
        }
      }
    } else {
      randomHigh = RANDOM.nextInt(1 << 16);
      randomLow = RANDOM.nextLong();
    }
    lastMillis = millis;
    return encode(millis, randomHigh, randomLow);
  }

  private static String encode(long millis, long high16, long low64) {
    char[] out = new char[26];
    // 48-bit time -> 10 chars (the first char carries 3 bits, zero-padded to 50 bits).
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 80 random bits -> 16 chars, taken 5 bits at a time from (high16 << 64) | low64.
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low64 & 31)];
      low64 = (low64 >>> 5) | ((high16 & 31) << 59);
      high16 >>>= 5;
    }
    return new String(out);
  }
}
