package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyHostTest.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.server.HostServer;
import dev.tidings.plugin.TidingsPlugin;
import dev.tidings.plugin.notify.route.NotificationFeed;
import dev.tidings.testing.git.GitCli;
import dev.tidings.testing.services.PostgresServer;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store=postgresql} on the real host: a push becomes a notification thread stored in
 * PostgreSQL and listed by the Gitea-shaped API; a kill -9 of PostgreSQL and its restart lose no
 * committed thread, a push made while it is down is notified once it is back, and health goes
 * down and comes back up by itself.
 */
@HostTest
class PostgresStoreHostTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path dir;

  @Test
  void pushesBecomeThreadsInPostgresqlThroughACrashOfTheServer() throws Exception {
    Requirements.require(PostgresServer.binaries().isPresent(),
        "PostgreSQL (Debian: apt-get install -y postgresql) for the store=postgresql host test");
    try (PostgresServer pg = PostgresServer.launch()) {
      Properties settings = new Properties();
      settings.setProperty("store", "postgresql");
      settings.setProperty("postgresql.url", pg.jdbcUrl());
      settings.setProperty("postgresql.user", PostgresServer.USER);
      settings.setProperty("postgresql.connectTimeout", "1s");
      settings.setProperty("postgresql.probeInterval", "200ms");
      HostServer host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(dir.resolve("data"))
          .plugin(new TidingsPlugin(settings)).demo(true).build();
      host.start();
      try {
        HttpResponse<String> watch = call(host, "PUT", "/api/v1/repos/alice/demo/subscription", BOB);
        assertThat(watch.statusCode()).as(watch.body()).isEqualTo(200);
        assertThat(pg.psql("SELECT level FROM notify_watch WHERE user_login = 'bob'")).isEqualTo("watching");

        Path home = dir.resolve("git-home");
        Path work = dir.resolve("work");
        String url = host.baseUrl().replace("http://", "http://alice:tidings-alice@") + "alice/demo.git";
        git(home, dir, "clone", url, work.toString());
        commit(home, work, "one.txt", "Before the crash");
        git(home, work, "push", "origin", "main");

        JsonNode first = until(host, "/api/v1/notifications", r -> r.size() == 1);
        assertThat(first.get(0).get("subject").get("title").asText()).isEqualTo("Pushes to main");
        long threadId = first.get(0).get("id").asLong();
        assertThat(pg.psql("SELECT id || ' ' || subject_title || ' ' || status FROM notify_thread "
            + "WHERE user_login = 'bob'")).isEqualTo(threadId + " Pushes to main 1");

        pg.kill();
        assertThat(untilHealth(host, 503).get("checks").get("notify-store").asText()).isEqualTo("down");
        HttpResponse<String> duringOutage = call(host, "GET", "/api/v1/notifications", BOB);
        assertThat(duringOutage.statusCode()).as(duringOutage.body()).isEqualTo(503);
        // The push lands in the SQLite log while PostgreSQL is down; its thread must follow.
        git(home, work, "checkout", "-b", "outage");
        commit(home, work, "two.txt", "During the outage");
        git(home, work, "push", "origin", "outage");
        // Routing tried, found no server and waits (rather than giving up after its attempts).
        NotificationFeed feed = host.pluginInjector("tidings").orElseThrow().getInstance(NotificationFeed.class);
        Await.until("the router waiting for PostgreSQL", Duration.ofSeconds(60),
            () -> Optional.of(feed.waitingForDatabase()).filter(w -> w));

        pg.start();
        assertThat(untilHealth(host, 200).get("status").asText()).isEqualTo("up");
        Await.until("the router going on", Duration.ofSeconds(60),
            () -> Optional.of(!feed.waitingForDatabase()).filter(goneOn -> goneOn));
        JsonNode after = until(host, "/api/v1/notifications", r -> r.size() == 2);
        assertThat(after.findValues("title")).extracting(JsonNode::asText)
            .contains("Pushes to main", "Pushes to outage");
        assertThat(pg.psql("SELECT count(*) FROM notify_thread WHERE user_login = 'bob'")).isEqualTo("2");
        assertThat(pg.psql("SELECT count(*) FROM notify_thread WHERE id = " + threadId)).isEqualTo("1");
        JsonNode count = JSON.readTree(call(host, "GET", "/api/v1/notifications/new", BOB).body());
        assertThat(count.get("new").asLong()).isEqualTo(2);
      } finally {
        host.stop();
      }
    }
  }

  private static void commit(Path home, Path work, String file, String message) throws Exception {
    Files.writeString(work.resolve(file), message);
    git(home, work, "add", ".");
    git(home, work, "commit", "-m", message);
  }

  private static void git(Path home, Path cwd, String... args) {
    new GitCli(cwd).withHome(home).withIdentity("Alice", "alice@example.com")
        .withTimeout(Duration.ofSeconds(60)).check(args);
  }

  private static HttpResponse<String> call(HostServer host, String method, String path, String auth)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.baseUrl() + path.replaceFirst("^/", "")))
        .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody());
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode until(HostServer host, String path, Predicate<JsonNode> done) {
    return Await.until("condition on " + path, Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
      try {
        HttpResponse<String> r = call(host, "GET", path, BOB);
        return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())).filter(done) : Optional.empty();
      } catch (Exception e) {
        throw new AssertionError("GET " + path + " failed: " + e, e);
      }
    });
  }

  private static JsonNode untilHealth(HostServer host, int status) {
    return Await.until("health " + status, Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
      try {
        HttpResponse<String> r = call(host, "GET", "/plugins/tidings/health", null);
        return r.statusCode() == status ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
      } catch (Exception e) {
        throw new AssertionError("GET health failed: " + e, e);
      }
    });
  }
}
