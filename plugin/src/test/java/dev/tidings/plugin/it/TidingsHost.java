package dev.tidings.plugin.it;

import static dev.tidings.testing.support.BasicAuth.basic;

import com.google.inject.Injector;
import dev.samplehost.server.HostServer;
import dev.samplehost.server.auth.SessionService;
import dev.samplehost.server.service.UserService;
import dev.tidings.plugin.TidingsPlugin;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.EventLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The real sample host on a free 127.0.0.1 port with the Tidings plugin in-process and the demo data. */
final class TidingsHost implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final Path dataDir;
  final HostServer server;

  private TidingsHost(Path dataDir, Properties settings) throws Exception {
    this.dataDir = dataDir;
    this.server = HostServer.builder().bind("127.0.0.1").port(0).dataDir(dataDir)
        .plugin(new TidingsPlugin(settings)).demo(true).build();
    server.start();
  }

  static TidingsHost start(Path dataDir, String... settings) throws Exception {
    Properties p = new Properties();
    for (int i = 0; i + 1 < settings.length; i += 2) {
      p.setProperty(settings[i], settings[i + 1]);
    }
    return new TidingsHost(dataDir, p);
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** The host's origin, e.g. {@code http://127.0.0.1:1234}. */
  String origin() {
    String b = server.baseUrl();
    return b.substring(0, b.length() - 1);
  }

  URI ws() {
    return URI.create(server.baseUrl().replace("http://", "ws://") + "plugins/tidings/ws");
  }

  URI http(String pathAndQuery) {
    return URI.create(server.baseUrl() + pathAndQuery.replaceFirst("^/", ""));
  }

  /**
   * {@code method path} ({@code path} relative to {@link #baseUrl()}) with {@code auth} as the
   * Authorization header and an optional JSON body; answers whatever status the host gives.
   */
  HttpResponse<String> call(String method, String path, String body, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .header("Authorization", auth);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  Injector plugin() {
    return server.pluginInjector("tidings").orElseThrow();
  }

  /** Commits an event to one channel through the plugin's real event log (no git needed). */
  ChannelEvent publish(String channel, String repository, String dataJson) throws Exception {
    return plugin().getInstance(EventLog.class).appendTo(channel, "test.event", repository, dataJson)
        .get(10, TimeUnit.SECONDS);
  }

  /** A valid session cookie value for {@code login}, as the host's login form would set. */
  String sessionCookie(String login) {
    Injector host = server.injector();
    var user = host.getInstance(UserService.class).find(login).orElseThrow();
    return SessionService.COOKIE + "=" + host.getInstance(SessionService.class).create(user).id();
  }

  static final String ALICE = basic("alice", "tidings-alice");
  static final String BOB = basic("bob", "tidings-bob");

  @Override
  public void close() {
    server.stop();
  }
}
