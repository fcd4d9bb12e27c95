package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.server.testing.Http;
import dev.tidings.testing.support.BasicAuth;
import dev.tidings.testing.support.HostTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Titles (255 characters) and bodies (65,536) are limited on the REST API and the web forms (review H4). */
@HostTest
class TextLimitsTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static String api;
  static final String BOB = BasicAuth.basic("bob", "tidings-bob");

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    api = host.baseUrl() + "api/v1/repos/alice/demo/";
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  static HttpResponse<String> post(String path, String json) {
    return Http.postJson(api + path, json, "Authorization", BOB);
  }

  static HttpResponse<String> patch(String path, String json) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(api + path))
              .header("Content-Type", "application/json").header("Authorization", BOB)
              .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static String json(String field, String value) {
    return "{\"" + field + "\":\"" + value.replace("\n", "\\n") + "\"}";
  }

  static void assert422(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body()).contains("\"message\":\"" + message + "\"").contains("\"url\":");
  }

  @Test
  void titlesOver255CharactersAre422() {
    assert422(post("issues", json("title", "T".repeat(256))), "[Title]: MaxSize");
    // Code points, not UTF-16 units: 255 emoji are fine.
    assertThat(post("issues", json("title", "\uD83D\uDE00".repeat(255))).statusCode()).isEqualTo(201);
    HttpResponse<String> ok = post("issues", json("title", "T".repeat(255)));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    String number = WebPagesTest.find(ok.body(), "\"number\":(\\d+)");
    assert422(patch("issues/" + number, json("title", "U".repeat(300))), "[Title]: MaxSize");
  }

  @Test
  void bodiesAndCommentsOver65536CharactersAre422() {
    assert422(Http.postJson(api + "issues", "{\"title\":\"t\",\"body\":\"" + "b".repeat(65_537) + "\"}",
        "Authorization", BOB), "[Body]: MaxSize");
    HttpResponse<String> ok = post("issues", "{\"title\":\"t\",\"body\":\"" + "b".repeat(65_536) + "\"}");
    assertThat(ok.statusCode()).isEqualTo(201);
    String number = WebPagesTest.find(ok.body(), "\"number\":(\\d+)");
    assert422(post("issues/" + number + "/comments", json("body", "c".repeat(65_537))), "[Body]: MaxSize");
    assertThat(post("issues/" + number + "/comments", json("body", "fine")).statusCode()).isEqualTo(201);
  }

  @Test
  void theNewIssueFormShowsTheLimit() {
    HttpResponse<String> form = Http.get(host.baseUrl() + "user/login");
    String loginCookie = WebPagesTest.cookie(form, "samplehost_login_csrf");
    String token = WebPagesTest.find(form.body(), "name=\"_csrf\" value=\"([0-9a-f]+)\"");
    HttpResponse<String> signIn = Http.postForm(host.baseUrl() + "user/login",
        "_csrf=" + token + "&user_name=bob&password=tidings-bob&redirect_to=/",
        "Cookie", "samplehost_login_csrf=" + loginCookie);
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
    String session = "samplehost_session=" + WebPagesTest.cookie(signIn, "samplehost_session");
    String csrf = WebPagesTest.find(Http.get(host.baseUrl() + "user/settings", "Cookie", session).body(),
        "data-host-csrf=\"([0-9a-f]+)\"");
    HttpResponse<String> page = Http.postForm(host.baseUrl() + "alice/demo/issues",
        "_csrf=" + csrf + "&title=" + "T".repeat(300) + "&body=b", "Cookie", session);
    assertThat(page.statusCode()).isEqualTo(422);
    assertThat(page.body()).contains("Title must contain at most 255 characters.");
    // The longest allowed body in a script that needs 4 UTF-8 bytes a character still fits the form.
    String longest = "\uD83D\uDE00".repeat(65_536);
    HttpResponse<String> created = Http.postForm(host.baseUrl() + "alice/demo/issues",
        "_csrf=" + csrf + "&title=emoji&body=" + WebPagesTest.enc(longest), "Cookie", session);
    assertThat(created.statusCode()).isEqualTo(303);
    HttpResponse<String> tooLong = Http.postForm(host.baseUrl() + "alice/demo/issues",
        "_csrf=" + csrf + "&title=emoji&body=" + WebPagesTest.enc(longest + "x"), "Cookie", session);
    assertThat(tooLong.statusCode()).isEqualTo(422);
    assertThat(tooLong.body()).contains("Body must contain at most 65536 characters.");
  }
}
