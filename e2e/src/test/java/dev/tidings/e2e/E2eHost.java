package dev.tidings.e2e;

import static dev.tidings.testing.support.Requirements.require;

import dev.samplehost.server.HostServer;
import dev.samplehost.server.auth.AuthSettings;
import dev.tidings.testing.git.GitCli;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sample host with the built Tidings drop-in jar installed exactly as a user would: the jar is
 * copied into a plugins folder and the host loads it from there. Restartable on the same data folder.
 */
public final class E2eHost implements AutoCloseable {
  /** The drop-in artifact (see {@link Artifacts}). */
  static final Path PLUGIN_JAR = Artifacts.PLUGIN_JAR;

  /**
   * PBKDF2 iterations of the test hosts' passwords. The production default is 600,000 (about half
   * a second a check here); every host start hashes the demo passwords and signs them in, so the
   * suite uses fewer. Tests of the hashing itself start their host with other settings.
   */
  static final int TEST_PASSWORD_ITERATIONS = 50_000;

  private final Path dataDir;
  private final Path pluginsDir;
  private HostServer server;
  /** The port of the last started host (for {@link #restartOnSamePort()}). */
  private int lastPort;
  private AuthSettings auth = AuthSettings.defaults().withPasswordIterations(TEST_PASSWORD_ITERATIONS);

  private E2eHost(Path root) throws IOException {
    this.dataDir = root.resolve("data");
    this.pluginsDir = Files.createDirectories(root.resolve("plugins"));
    Files.copy(PLUGIN_JAR, pluginsDir.resolve("tidings-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Skips the calling test, loudly, when the drop-in jar has not been built. */
  static void assumePluginJar() {
    require(Files.isRegularFile(PLUGIN_JAR), "\n\n*** SKIPPING Tidings e2e test: the drop-in jar "
        + PLUGIN_JAR.toAbsolutePath().normalize() + " is missing. Build it first: mvn -B verify "
        + "(or mvn -B package -DskipTests, then run the test) ***\n");
    require(GitCli.available(), "\n\n*** SKIPPING Tidings e2e test: no `git` on the PATH ***\n");
  }

  /** Installs the jar under {@code root} and starts the demo host on a free port of 127.0.0.1. */
  public static E2eHost start(Path root) throws Exception {
    return start(root, null);
  }

  /** {@link #start(Path)} with the host's authentication settings ({@code null}: the tests' default). */
  static E2eHost start(Path root, AuthSettings auth) throws Exception {
    assumePluginJar();
    E2eHost host = new E2eHost(root);
    if (auth != null) {
      host.auth = auth;
    }
    host.startServer();
    return host;
  }

  private void startServer() throws Exception {
    startServer(0);
  }

  private void startServer(int port) throws Exception {
    HostServer s = HostServer.builder().bind("127.0.0.1").port(port)
        .dataDir(dataDir).pluginsDir(pluginsDir).demo(true).auth(auth).build();
    try {
      s.start();
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
    server = s;
    lastPort = s.port();
  }

  /** Stops the running host and starts a new one on the same data and plugins folders (a new port). */
  void restart() throws Exception {
    stop();
    startServer();
  }

  /**
   * Stops the host if it runs and starts a new one on the last host's port (and folders), so that
   * open pages and clients reconnect to the same origin.
   */
  public void restartOnSamePort() throws Exception {
    stop();
    startServer(lastPort);
  }

  /** {@link #restart()} with other authentication settings. */
  void restart(AuthSettings settings) throws Exception {
    this.auth = settings;
    restart();
  }

  /** Stops the host (plugins first); safe to call twice. */
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running host. */
  public HostServer server() {
    if (server == null) {
      throw new IllegalStateException("host is not running");
    }
    return server;
  }

  /** {@code http://127.0.0.1:PORT/} (ends with a slash). */
  public String baseUrl() {
    return server().baseUrl();
  }

  /** The absolute URI of {@code path} (no leading slash) on the host. */
  URI uri(String path) {
    return URI.create(baseUrl() + (path.startsWith("/") ? path.substring(1) : path));
  }

  /** The WebSocket endpoint {@code ws://127.0.0.1:PORT/plugins/tidings/ws}. */
  URI wsUri() {
    return URI.create(baseUrl().replaceFirst("^http", "ws") + "plugins/tidings/ws");
  }

  /** The Server-Sent Events endpoint {@code http://127.0.0.1:PORT/plugins/tidings/events}. */
  URI sseUri() {
    return uri("plugins/tidings/events");
  }

  /** A git remote URL for {@code owner/name} with {@code user}'s password in it (test only). */
  public String gitUrl(String user, String password, String repo) {
    return baseUrl().replaceFirst("://", "://" + user + ":" + password + "@") + repo + ".git";
  }

  /** Alice's git CLI (as the demo's alice) with its own HOME under {@code temp}, never the user's config. */
  static GitCli git(Path temp) {
    return new GitCli(temp).withHome(temp.resolve("home")).withIdentity("Alice Liddell", "alice@example.com");
  }

  /** The plugins folder the host loads jars from. */
  Path pluginsDir() {
    return pluginsDir;
  }

  @Override
  public void close() {
    stop();
  }
}
