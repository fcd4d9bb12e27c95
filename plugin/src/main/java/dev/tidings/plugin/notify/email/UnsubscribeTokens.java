package dev.tidings.plugin.notify.email;

import dev.samplehost.api.PluginContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The unsubscribe links' tokens: {@code v1.<userId>.<HMAC-SHA256(secret, "tidings-unsubscribe:v1:" + userId)>}
 * (base64url). The secret is {@code email.unsubscribeSecret} or, by default, 32 random bytes kept in
 * {@code email-secret} in the plugin's data folder (created on first use, owner-only). A token lets
 * its holder do one thing: set that user's email mode to off. Replacing the secret voids every link.
 */
@Singleton
public final class UnsubscribeTokens {

  static final String FILE = "email-secret";
  private static final String PREFIX = "v1.";

  private final Supplier<byte[]> source;
  private byte[] key;

  @Inject
  public UnsubscribeTokens(EmailSettings settings, PluginContext context) {
    if (!settings.secret().isEmpty() && settings.secret().length() < 16) {
      throw new IllegalArgumentException("email.unsubscribeSecret must be at least 16 characters");
    }
    // Read (or made) on first use: a server without email never writes the file.
    this.source = settings.secret().isEmpty() ? () -> loadOrCreate(context.dataDirectory().resolve(FILE))
        : () -> settings.secret().getBytes(StandardCharsets.UTF_8);
  }

  UnsubscribeTokens(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("email.unsubscribeSecret must be at least 16 characters");
    }
    byte[] copy = key.clone();
    this.source = () -> copy;
  }

  private synchronized byte[] key() {
    if (key == null) {
      key = source.get();
    }
    return key;
  }

  /** The token of {@code userId}. */
  public String token(long userId) {
    return PREFIX + userId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(userId));
  }

  /** The user a token is for, when the token is well formed and its signature right. */
  public OptionalLong verify(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 200) {
      return OptionalLong.empty();
    }
    String rest = token.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0) {
      return OptionalLong.empty();
    }
    long userId;
    byte[] given;
    try {
      userId = Long.parseLong(rest.substring(0, dot));
      given = Base64.getUrlDecoder().decode(rest.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return OptionalLong.empty();
    }
    // Constant time: a forger learns nothing from how long the comparison took.
    return MessageDigest.isEqual(given, mac(userId)) ? OptionalLong.of(userId) : OptionalLong.empty();
  }

  private byte[] mac(long userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return mac.doFinal(("tidings-unsubscribe:v1:" + userId).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
    }
  }

  /** The secret in {@code file}; a new random one when there is none (several nodes racing agree on the first). */
  static byte[] loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
          ownerOnly(tmp);
          Files.writeString(tmp, HexFormat.of().formatHex(fresh), StandardOpenOption.TRUNCATE_EXISTING);
          // A hard link fails if the file exists: the first writer wins, the others read its secret.
          Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
          // Another node (or thread) made it first.
        } catch (UnsupportedOperationException e) {
          Files.move(tmp, file);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      String hex = Files.readString(file, StandardCharsets.UTF_8).trim();
      return HexFormat.of().parseHex(hex);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the unsubscribe secret " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the unsubscribe secret " + file + " is not hex; delete it to make a new one", e);
    }
  }

  private static void ownerOnly(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the data folder's own protection applies.
    }
  }
}
