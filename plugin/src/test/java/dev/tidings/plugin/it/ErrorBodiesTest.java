package dev.tidings.plugin.it;

import dev.tidings.testing.support.HostTest;
import static dev.tidings.plugin.it.TidingsHost.ALICE;
import static dev.tidings.plugin.it.TidingsHost.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route family of the plugin answers its errors in the one shape {@code {"message","code"}}
 * (plus {@code field} for a rejected document, plus Gitea's {@code url} under {@code /api/v1}),
 * through the real host.
 */
@HostTest
class ErrorBodiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static TidingsHost host;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    host = TidingsHost.start(dir);
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  private static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(host.http(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Asserts the status, that the body is JSON, and that it is exactly {@code expected}. */
  private static void expect(HttpResponse<String> r, int status, String expected) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(JSON.readTree(r.body())).as(r.body()).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void aPublishRefusedWhileItsBodyIsStillArrivingSaysTheConnectionCloses() throws Exception {
    // Headers and the first bytes of a 1,000-byte body, without credentials; the rest never comes.
    // Jetty closes such a connection after the answer, so the answer must say so, or a client
    // reusing the connection for its next request would see a reset.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", host.server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /plugins/tidings/api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"channel\":")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      StringBuilder head = new StringBuilder();
      var in = socket.getInputStream();
      for (int b; !head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0; ) {
        head.append((char) b);
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
    }
    // A refusal whose whole body has arrived keeps the connection (the client's next call works).
    HttpResponse<String> refused = call("POST", "/plugins/tidings/api/publish", null, "{}");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(call("POST", "/plugins/tidings/api/publish", null, "{}").statusCode()).isEqualTo(401);
  }

  @Test
  void publish() throws Exception {
    HttpResponse<String> anonymous = call("POST", "/plugins/tidings/api/publish", null, "{}");
    expect(anonymous, 401, "{\"message\":\"Publishing needs a token or Basic credentials\",\"code\":\"unauthenticated\"}");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    HttpResponse<String> get = call("GET", "/plugins/tidings/api/publish", ALICE, null);
    expect(get, 405, "{\"message\":\"Use POST to publish an event\",\"code\":\"method_not_allowed\"}");
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    expect(call("POST", "/plugins/tidings/api/publish", ALICE, "[1]"), 400,
        "{\"message\":\"The body must be a JSON object {\\\"channel\\\",\\\"event\\\",\\\"data\\\"}\",\"code\":\"bad_json\"}");
    expect(call("POST", "/plugins/tidings/api/publish", BOB,
        "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.status\",\"data\":{}}"), 403,
        "{\"message\":\"Publishing to alice/demo needs write access\",\"code\":\"forbidden\"}");
  }

  @Test
  void notificationApiUnderApiV1CarriesGiteasUrl() throws Exception {
    String url = host.baseUrl() + "api/swagger";
    expect(call("GET", "/api/v1/notifications/threads/999999", BOB, null), 404,
        "{\"message\":\"not found\",\"code\":\"not_found\",\"url\":\"" + url + "\"}");
    expect(call("GET", "/api/v1/notifications?since=yesterday", BOB, null), 422,
        "{\"message\":\"parsing time \\\"yesterday\\\" as RFC 3339 failed: Text 'yesterday' could not be parsed at index 0\","
            + "\"code\":\"invalid\",\"url\":\"" + url + "\"}");
    expect(call("GET", "/api/v1/repos/acme/secret/subscription", BOB, null), 404,
        "{\"message\":\"not found\",\"code\":\"not_found\",\"url\":\"" + url + "\"}");
  }

  @Test
  void preferencesNameTheRejectedField() throws Exception {
    expect(call("GET", "/plugins/tidings/api/preferences", null, null), 401,
        "{\"message\":\"token is required\",\"code\":\"unauthenticated\"}");
    HttpResponse<String> bad = call("PUT", "/plugins/tidings/api/preferences", BOB, "{\"default_level\":\"loud\"}");
    assertThat(bad.statusCode()).isEqualTo(422);
    JsonNode body = JSON.readTree(bad.body());
    assertThat(body.get("code").asText()).isEqualTo("invalid");
    assertThat(body.get("field").asText()).isEqualTo("default_level");
    assertThat(body.get("message").asText()).startsWith("unknown watch level 'loud'");
    assertThat(body.has("url")).isFalse();
  }

  @Test
  void pagesAssetsAndUnknownPaths() throws Exception {
    expect(call("GET", "/plugins/tidings/ui/nothing.js", null, null), 404,
        "{\"message\":\"no such asset\",\"code\":\"not_found\"}");
    HttpResponse<String> post = call("POST", "/plugins/tidings/notifications", BOB, "{}");
    expect(post, 405, "{\"message\":\"only GET and HEAD are allowed here\",\"code\":\"method_not_allowed\"}");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    expect(call("GET", "/plugins/tidings/nothing", null, null), 404,
        "{\"message\":\"No such Tidings resource: /nothing\",\"code\":\"not_found\"}");
  }

  @Test
  void metrics() throws Exception {
    HttpResponse<String> anonymous = call("GET", "/plugins/tidings/metrics", null, null);
    expect(anonymous, 401, "{\"message\":\"Metrics need a site administrator or Authorization: Bearer <metrics.token>\","
        + "\"code\":\"unauthenticated\"}");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tidings-metrics\"");
    expect(call("GET", "/plugins/tidings/metrics", BOB, null), 403,
        "{\"message\":\"Metrics are for site administrators\",\"code\":\"forbidden\"}");
    HttpResponse<String> post = call("POST", "/plugins/tidings/metrics", ALICE, "{}");
    expect(post, 405, "{\"message\":\"Use GET\",\"code\":\"method_not_allowed\"}");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void sseAndLongPollRefuseAWrongMethodLikeEveryOtherRoute() throws Exception {
    for (String path : new String[] {"/plugins/tidings/events?channel=repo:alice/demo",
        "/plugins/tidings/poll?channel=repo:alice/demo"}) {
      HttpResponse<String> post = call("POST", path, ALICE, "{}");
      expect(post, 405, "{\"message\":\"Use GET\",\"code\":\"method_not_allowed\"}");
      assertThat(post.headers().firstValue("Allow")).as(path).hasValue("GET");
    }
  }
}
