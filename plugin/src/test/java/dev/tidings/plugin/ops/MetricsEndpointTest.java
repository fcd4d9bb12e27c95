package dev.tidings.plugin.ops;

import static dev.tidings.testing.support.BasicAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.server.HostServer;
import dev.tidings.plugin.TidingsPlugin;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.WsClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic through the host with the plugin in-process (a WebSocket and an SSE stream, a
 * publish, replays, a rejected command, an issue that notifies bob), then one scrape of
 * {@code /plugins/tidings/metrics}: every meter family the metrics issue lists is there, with
 * values that agree with the traffic.
 */
@HostTest
class MetricsEndpointTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final String ALICE = basic("alice", "tidings-alice");
  static final String BOB = basic("bob", "tidings-bob");
  static final String TOKEN = "Bearer metrics-test-token";

  @TempDir static Path dir;
  static HostServer host;

  @BeforeAll
  static void start() throws Exception {
    Properties props = new Properties();
    props.setProperty("metrics.token", "metrics-test-token");
    // The server notices a closed SSE stream on its next write: keep-alives every second.
    props.setProperty("sse.heartbeat", "1s");
    host = HostServer.builder().bind("127.0.0.1").port(0).dataDir(dir.resolve("data"))
        .plugin(new TidingsPlugin(props)).demo(true).build();
    host.start();
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  @Test
  void theScrapeHasEveryMeterTheIssueListsWithValuesFromRealTraffic() throws Exception {
    Metrics before = scrape();
    try (WsClient ws = WsClient.connect(URI.create(host.baseUrl().replace("http://", "ws://") + "plugins/tidings/ws"),
        Map.of("Authorization", BOB)); SseStream sse = SseStream.open(BOB, "repo:alice/demo")) {
      JsonNode repo = ws.command("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\"}", "repo:alice/demo");
      assertThat(repo.path("type").asText()).isEqualTo("subscribed");
      assertThat(ws.command("{\"type\":\"subscribe\",\"channel\":\"user:bob\"}", "user:bob")
          .path("type").asText()).isEqualTo("subscribed");

      // A publish reaches the WebSocket: one event committed, one delivery at least.
      HttpResponse<String> published = call("POST", "plugins/tidings/api/publish", ALICE,
          "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{\"state\":\"success\"}}");
      assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
      ws.nextMatching(n -> "event".equals(n.path("type").asText()) && "repo:alice/demo".equals(n.path("channel").asText()), 20);

      // A rejected command, and a rejected publish.
      ws.send("{\"type\":\"dance\"}");
      assertThat(ws.nextMatching(n -> "error".equals(n.path("type").asText()), 20).path("code").asText())
          .isEqualTo("unknown_type");
      assertThat(call("POST", "plugins/tidings/api/publish", ALICE, "{not json").statusCode()).isEqualTo(400);

      // Two replays: one from a known position (recovered), one from an epoch the log never had.
      String epoch = repo.path("epoch").asText();
      long offset = repo.path("offset").asLong();
      JsonNode recovered = ws.command("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":"
          + "{\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}}", "repo:alice/demo");
      assertThat(recovered.path("recovered").asBoolean()).as(recovered.toString()).isTrue();
      JsonNode lost = ws.command("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"since\":"
          + "{\"epoch\":\"not-" + epoch + "\",\"offset\":1}}", "repo:alice/demo");
      assertThat(lost.path("recovered").asBoolean(true)).as(lost.toString()).isFalse();

      // alice opens an issue mentioning bob: bob gets a thread (alice, the author, does not: own action).
      HttpResponse<String> issue = call("POST", "api/v1/repos/alice/demo/issues", ALICE,
          "{\"title\":\"Metrics please\",\"body\":\"What do you think, @bob?\"}");
      assertThat(issue.statusCode()).as(issue.body()).isEqualTo(201);
      ws.nextMatching(n -> "event".equals(n.path("type").asText()) && "user:bob".equals(n.path("channel").asText())
          && "notification".equals(n.path("event").asText()), 20);

      Metrics m = scrape();
      assertThat(m.value("tidings_connections{transport=\"ws\"}")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_connections{transport=\"sse\"}")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_connections{transport=\"poll\"}")).isGreaterThanOrEqualTo(0);
      // This WebSocket offered no subprotocol (v1 by default); the tidings.v1 series is there from the start.
      assertThat(m.value("tidings_ws_protocol_total{protocol=\"none\"}")
          - before.value("tidings_ws_protocol_total{protocol=\"none\"}")).isEqualTo(1);
      assertThat(m.value("tidings_ws_protocol_total{protocol=\"tidings.v1\"}")).isGreaterThanOrEqualTo(0);
      // WebSocket: repo:alice/demo and user:bob (re-subscribing does not add one); SSE: one more.
      assertThat(m.value("tidings_subscriptions")).isGreaterThanOrEqualTo(3);
      assertThat(m.value("tidings_events_committed_total") - before.value("tidings_events_committed_total"))
          .isGreaterThanOrEqualTo(2);
      assertThat(m.value("tidings_deliveries_total") - before.value("tidings_deliveries_total"))
          .isGreaterThanOrEqualTo(3);
      assertThat(m.value("tidings_bytes_out_bytes_total")).isGreaterThan(0);
      // Recorded only for writes that found a backlog: here it may well have none.
      assertThat(m.value("tidings_queue_depth_count")).isGreaterThanOrEqualTo(0);
      assertThat(m.value("tidings_queue_depth_max")).isGreaterThanOrEqualTo(0);
      assertThat(m.value("tidings_slow_consumer_disconnects_total")).isGreaterThanOrEqualTo(0);
      assertThat(m.value("tidings_replays_total{recovered=\"true\"}")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_replays_total{recovered=\"false\"}")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_log_commit_seconds_count")).isGreaterThanOrEqualTo(2);
      assertThat(m.value("tidings_log_commit_seconds{quantile=\"0.99\"}")).isGreaterThan(0);
      assertThat(m.value("tidings_notifications_written_total")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_notifications_fanout_seconds_count")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_notifications_fanout_seconds_sum")).isGreaterThan(0);
      assertThat(m.value("tidings_notifications_skipped_total{reason=\"own_action\"}")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_notifications_skipped_total{reason=\"preference\"}")).isGreaterThanOrEqualTo(0);
      assertThat(m.value("tidings_notifications_skipped_total{reason=\"no_access\"}")).isGreaterThanOrEqualTo(0);
      assertThat(m.value("tidings_commands_rejected_total{code=\"unknown_type\"}")).isGreaterThanOrEqualTo(1);
      assertThat(m.value("tidings_publish_rejected_total{reason=\"bad_json\"}")).isGreaterThanOrEqualTo(1);
    }
    // The connection gauges are gauges: closing the sockets brings them back down.
    Metrics after = awaitScrape(m -> m.value("tidings_connections{transport=\"ws\"}") == 0
        && m.value("tidings_connections{transport=\"sse\"}") == 0);
    assertThat(after.value("tidings_subscriptions")).isEqualTo(0);
  }

  // --- the scrape, parsed minimally ---

  /** {@code name{labels} value} lines of one scrape, keyed by {@code name{labels}} as written. */
  record Metrics(Map<String, Double> series, String text) {

    static Metrics parse(String text) {
      Map<String, Double> series = new HashMap<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        // The value follows the last space; label values may hold spaces, never after the '}'.
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
      }
      return new Metrics(series, text);
    }

    double value(String name) {
      Double v = series.get(name);
      if (v == null) {
        throw new AssertionError(name + " is not in the scrape:\n" + text);
      }
      return v;
    }
  }

  static Metrics scrape() throws Exception {
    HttpResponse<String> r = call("GET", "plugins/tidings/metrics", TOKEN, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Metrics.parse(r.body());
  }

  static Metrics awaitScrape(Predicate<Metrics> done) throws Exception {
    Metrics[] last = {null};
    try {
      return Await.until("a scrape meeting the condition", Duration.ofSeconds(20), Duration.ofMillis(50), () -> {
        try {
          last[0] = scrape();
        } catch (Exception e) {
          throw new AssertionError("scrape failed: " + e, e);
        }
        return done.test(last[0]) ? Optional.of(last[0]) : Optional.empty();
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last scrape:\n" + (last[0] == null ? null : last[0].text()), e);
    }
  }

  // --- clients ---

  static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.baseUrl() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An SSE stream held open until closed; {@link #open} returns once its first channel is subscribed. */
  static final class SseStream implements AutoCloseable {
    private final InputStream body;

    private SseStream(InputStream body) {
      this.body = body;
    }

    static SseStream open(String auth, String channel) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create(host.baseUrl() + "plugins/tidings/events?channel=" + channel))
          .header("Authorization", auth).header("Accept", "text/event-stream").GET().build();
      HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("data:") && "subscribed".equals(JSON.readTree(line.substring(5)).path("type").asText())) {
          return new SseStream(r.body());
        }
      }
      throw new AssertionError("the SSE stream ended before its subscribed message");
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }
}
