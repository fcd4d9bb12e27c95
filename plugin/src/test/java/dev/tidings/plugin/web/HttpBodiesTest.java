package dev.tidings.plugin.web;

import dev.tidings.testing.support.HostTest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The body reader over real HTTP, behind the route chain that writes its refusals. */
@HostTest
class HttpBodiesTest {

  private static Server server;
  private static URI uri;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    PluginRoute echoLength = (request, response, callback) -> {
      byte[] body = HttpBodies.read(request, 100);
      JsonResponses.send(response, callback, 200, ("{\"length\":" + body.length + "}").getBytes(StandardCharsets.UTF_8));
      return true;
    };
    server.setHandler(RouteChain.plugin(List.of(echoLength), null));
    server.start();
    uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/echo");
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).POST(body).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readsABodyUpToTheLimit() throws Exception {
    HttpResponse<String> r = post(HttpRequest.BodyPublishers.ofString("x".repeat(100)));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"length\":100}");
  }

  @Test
  void aLargerBodyIs413EvenWithoutAContentLength() throws Exception {
    for (HttpRequest.BodyPublisher body : List.of(HttpRequest.BodyPublishers.ofString("x".repeat(101)),
        // Chunked: no declared length, so the reader must count.
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[50_000])))) {
      HttpResponse<String> r = post(body);
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).isEqualTo("{\"message\":\"The request body is larger than 100 bytes\",\"code\":\"too_large\"}");
    }
  }

  @Test
  void anEmptyBodyIsEmpty() throws Exception {
    assertThat(post(HttpRequest.BodyPublishers.noBody()).body()).isEqualTo("{\"length\":0}");
  }
}
