package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.server.auth.AuthSettings;
import dev.samplehost.server.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review M5: online password guessing is throttled per client address and per account
 * (429 with {@code Retry-After}, before any PBKDF2 work, on the API and on the plugin's routes),
 * without locking out other addresses or accounts; and passwords stored with the old 120,000
 * PBKDF2 iterations still work and are re-hashed with 600,000 at the next sign-in.
 */
class PasswordThrottleTest {

  /** The guesser: another loopback address, so that the test's own calls from 127.0.0.1 stay separate. */
  private static final String GUESSER = "127.0.0.2";

  @Test
  void wrongPasswordsFromOneAddressGet429AndOthersAreUnaffected(@TempDir Path temp) throws Exception {
    AuthSettings settings = AuthSettings.defaults().withPasswordIterations(E2eHost.TEST_PASSWORD_ITERATIONS);
    try (E2eHost host = E2eHost.start(temp.resolve("host"), settings)) {
      int limit = settings.ipFailures();
      for (int i = 1; i <= limit; i++) {
        Raw wrong = raw(host, GUESSER, "api/v1/user", "alice", "guess-" + i);
        assertThat(wrong.status()).as("guess %d: %s", i, wrong).isEqualTo(401);
      }
      Raw blocked = raw(host, GUESSER, "api/v1/user", "alice", "guess-next");
      assertThat(blocked.status()).as("%s", blocked).isEqualTo(429);
      assertThat(blocked.header("Retry-After")).as("%s", blocked).matches("[1-9][0-9]*");
      assertThat(blocked.body()).contains("Too many failed sign-in attempts");
      // The right password from the blocked address waits too: nothing is checked while it waits.
      assertThat(raw(host, GUESSER, "api/v1/user", "alice", "tidings-alice").status()).isEqualTo(429);
      // Every route answers the same, the plugin's too (before any PBKDF2 work).
      Raw ws = raw(host, GUESSER, "plugins/tidings/poll?timeout=0&channel=repo:alice/demo", "bob", "guess");
      assertThat(ws.status()).as("%s", ws).isEqualTo(429);
      assertThat(ws.header("Retry-After")).isNotNull();

      // A token in the password field is no password guess: it still works from the waiting address.
      Rest.Answer made = Rest.alice(host).post("api/v1/users/alice/tokens",
          "{\"name\":\"ci\",\"scopes\":[\"all\"]}");
      assertThat(made.status()).as("%s", made).isEqualTo(201);
      assertThat(raw(host, GUESSER, "api/v1/user", "alice", made.json().path("sha1").asText()).status())
          .isEqualTo(200);

      // Another address, the same account and another one: unaffected (the account limit is higher).
      assertThat(Rest.alice(host).get("api/v1/user").status()).isEqualTo(200);
      assertThat(Rest.bob(host).get("api/v1/user").status()).isEqualTo(200);
      assertThat(raw(host, "127.0.0.1", "api/v1/user", "alice", "tidings-alice").status()).isEqualTo(200);
    }
  }

  @Test
  void legacyHashesStillWorkAndAreRehashedAtSignIn(@TempDir Path temp) throws Exception {
    // A host of before: demo passwords hashed with 120,000 iterations.
    try (E2eHost host = E2eHost.start(temp.resolve("host"),
        AuthSettings.defaults().withPasswordIterations(120_000))) {
      assertThat(storedHash(host, "bob")).startsWith("pbkdf2-sha256$120000$");
      // The same data under today's defaults.
      host.restart(AuthSettings.defaults().withPasswordIterations(AuthSettings.DEFAULT_ITERATIONS));
      assertThat(storedHash(host, "bob")).startsWith("pbkdf2-sha256$120000$");
      assertThat(Rest.bob(host).get("api/v1/user").status()).isEqualTo(200);
      assertThat(storedHash(host, "bob")).startsWith("pbkdf2-sha256$" + AuthSettings.DEFAULT_ITERATIONS + "$");
      // The new hash works, and a wrong password is still wrong.
      assertThat(raw(host, "127.0.0.1", "api/v1/user", "bob", "tidings-bob").status()).isEqualTo(200);
      assertThat(raw(host, "127.0.0.1", "api/v1/user", "bob", "tidings-bob-not").status()).isEqualTo(401);
      // Accounts not signed in yet keep their old hash until they do.
      assertThat(storedHash(host, "alice")).startsWith("pbkdf2-sha256$120000$");
    }
  }

  private static String storedHash(E2eHost host, String login) {
    Database db = host.server().injector().getInstance(Database.class);
    return db.read(sql -> sql.one("SELECT password_hash FROM accounts WHERE name = ?",
        rs -> rs.getString(1), login)).orElseThrow();
  }

  /** One answer of {@link #raw}. */
  record Raw(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /**
   * {@code GET path} with Basic {@code user:password} over a socket bound to {@code from} (the JDK
   * HTTP client of Java 17 cannot choose its local address).
   */
  private static Raw raw(E2eHost host, String from, String path, String user, String password) throws Exception {
    URI base = URI.create(host.baseUrl());
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(30_000);
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      String request = "GET /" + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
          + "\r\nAuthorization: Basic " + auth + "\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Raw(status, head, body);
    }
  }
}
