package dev.samplehost.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2WithHmacSHA256 password hashes ({@code pbkdf2-sha256$iterations$salt$hash}) and SHA-256 helpers. */
public final class Passwords {
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  /** The iteration count of hashes made before 2026-12 (still accepted, re-hashed at sign-in). */
  public static final int LEGACY_ITERATIONS = 120_000;
  private static final int KEY_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** A new salted hash of {@code password} with {@code iterations} PBKDF2 rounds. */
  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** The iteration count of a stored hash, or -1 when it is not one of ours. */
  public static int iterations(String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !"pbkdf2-sha256".equals(parts[0])) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether {@code password} matches {@code stored} (constant-time comparison). */
  public static boolean verify(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !"pbkdf2-sha256".equals(parts[0])) {
      return false;
    }
    int iterations;
    byte[] salt;
    byte[] expected;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
      expected = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false; // a damaged stored hash matches nothing (instead of a 500 on every sign-in)
    }
    if (iterations <= 0) {
      return false;
    }
    return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
  }

  /**
   * Spends the same work as {@link #verify} with {@code iterations} for a user that does not exist,
   * so that the answer time does not tell which user names exist.
   */
  public static void verifyNothing(String password, int iterations) {
    byte[] salt = new byte[16];
    pbkdf2(password == null ? "" : password, salt, iterations);
  }

  /** Whether two secrets (CSRF tokens and the like) are equal, in time independent of where they differ. */
  public static boolean secretsEqual(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** Lowercase hex SHA-256 of {@code value} (UTF-8). */
  public static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code bytes} random bytes as lowercase hex. */
  public static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 unavailable", e);
    }
  }
}
