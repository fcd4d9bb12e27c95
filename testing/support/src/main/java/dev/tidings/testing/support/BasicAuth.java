package dev.tidings.testing.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The HTTP Basic {@code Authorization} header value the tests send. */
public final class BasicAuth {
  private BasicAuth() {}

  /** {@code Basic base64(user:password)}, or null when {@code user} is null (anonymous). */
  public static String basic(String user, String password) {
    return user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
