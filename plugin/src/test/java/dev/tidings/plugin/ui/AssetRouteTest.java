package dev.tidings.plugin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.access.CookieWriteGuard;
import dev.tidings.plugin.access.OriginPolicy;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.web.RouteChain;
import dev.tidings.testing.support.HostTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The asset route over real HTTP: types, caching, traversal. */
@HostTest
class AssetRouteTest {

  private static Server server;
  private static String base;
  private static AssetRoute route;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    route = new AssetRoute();
    // Behind the plugin's real route chain, which writes the route's refusals.
    CookieWriteGuard guard = new CookieWriteGuard(new OriginPolicy(
        new PluginContext("tidings", Path.of("."), "http://127.0.0.1/"), HubSettings.from(new TidingsConfig(new Properties()))));
    ContextHandler context = new ContextHandler(RouteChain.plugin(List.of(route), guard), "/plugins/tidings");
    server.setHandler(context);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort() + "/plugins/tidings";
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unknownNamesAreNotCached() throws Exception {
    assertThat(get("/ui/client.js").statusCode()).isEqualTo(200);
    int before = route.cachedCount();
    assertThat(before).isPositive();
    for (int i = 0; i < 300; i++) {
      assertThat(get("/ui/n" + i + ".js").statusCode()).isEqualTo(404);
    }
    for (int i = 0; i < 5000; i++) {
      assertThat(route.find("missing/m" + i + ".css")).isEmpty();
    }
    assertThat(route.cachedCount()).isEqualTo(before);
    assertThat(get("/ui/client.js").statusCode()).isEqualTo(200);
  }

  @Test
  void servesModulesAndStylesWithTypesAndEtag() throws Exception {
    HttpResponse<String> js = get("/ui/tidings.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(js.body()).contains("export class Tidings");
    String etag = js.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = get("/ui/tidings.js", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    HttpResponse<String> css = get("/ui/tidings.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
  }

  @Test
  void refusesTraversalAndUnknownFiles() throws Exception {
    for (String path : new String[] {
        "/ui/%2e%2e/%2e%2e/dev/tidings/plugin/ui/AssetRoute.class",
        "/ui/..%2fui%2ftidings.js", "/ui//tidings.js", "/ui/nothing.js", "/ui/", "/ui/tidings",
        "/ui/.hidden.js", "/ui/%5c..%5ctidings.js"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isIn(400, 404);
      assertThat(r.body()).as(path).doesNotContain("export class");
    }
    HttpResponse<String> r = get("/ui/nothing.js");
    assertThat(r.body()).contains("\"message\"");
  }

  @Test
  void refusalsHaveThePluginsOneErrorShape() throws Exception {
    HttpResponse<String> missing = get("/ui/nothing.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(missing.body()).isEqualTo("{\"message\":\"no such asset\",\"code\":\"not_found\"}");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/tidings.js"))
        .header("Authorization", "token x").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(post.body())
        .isEqualTo("{\"message\":\"only GET and HEAD are allowed here\",\"code\":\"method_not_allowed\"}");
  }

  @Test
  void otherPathsAreNotTaken() throws Exception {
    assertThat(get("/ws").statusCode()).isEqualTo(404);
  }
}
