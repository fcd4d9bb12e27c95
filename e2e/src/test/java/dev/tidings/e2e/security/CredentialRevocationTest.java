package dev.tidings.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.tidings.e2e.E2eAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding M1: a live WebSocket or SSE stream ends as soon as the credential it was opened with is
 * revoked (a token deleted, a session signed out), with the final close code 4501 or the SSE
 * {@code credentials_revoked} message, and nothing published afterwards reaches it. A connection of
 * the same user with a credential that still holds keeps receiving (the control).
 */
class CredentialRevocationTest {
  private static final String SECRET = "repo:acme/secret";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BOUND = Duration.ofSeconds(15);

  @Test
  void deletingATokenClosesTheStreamsOpenedWithIt(@TempDir Path temp) throws Exception {
    try (SecurityHost host = SecurityHost.start(temp)) {
      String alice = basic("alice", "tidings-alice");
      HttpResponse<String> created = send(HttpRequest.newBuilder(host.uri("api/v1/users/alice/tokens"))
          .header("Authorization", alice).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"revoke-me\",\"scopes\":[\"all\"]}")).build());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String token = "token " + JSON.readTree(created.body()).path("sha1").asText();

      try (Ws control = Ws.open(host, Map.of("Authorization", alice));
          Ws ws = Ws.open(host, Map.of("Authorization", token));
          Sse sse = Sse.open(host, Map.of("Authorization", token), SECRET)) {
        control.subscribeOk(SECRET);
        ws.subscribeOk(SECRET);
        sse.awaitMessage("subscribed", m -> m.path("type").asText().equals("subscribed"));

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(host.uri("api/v1/users/alice/tokens/revoke-me"))
            .header("Authorization", alice).DELETE().build());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        assertClosedAndDeaf(host, control, ws, sse, alice);
      }
    }
  }

  @Test
  void signingOutClosesTheStreamsOfThatSession(@TempDir Path temp) throws Exception {
    try (SecurityHost host = SecurityHost.start(temp)) {
      String alice = basic("alice", "tidings-alice");
      String cookie = signIn(host);
      Map<String, String> browser = Map.of("Cookie", cookie, "Origin", host.origin());
      try (Ws control = Ws.open(host, Map.of("Authorization", alice));
          Ws ws = Ws.open(host, browser);
          Sse sse = Sse.open(host, Map.of("Cookie", cookie), SECRET, "user:alice")) {
        control.subscribeOk(SECRET);
        ws.subscribeOk(SECRET);
        ws.subscribeOk("user:alice");
        sse.awaitMessage("subscribed", m -> m.path("type").asText().equals("subscribed"));

        String page = send(HttpRequest.newBuilder(host.uri("user/settings")).header("Cookie", cookie).GET().build()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the settings page carries the session's CSRF token").isTrue();
        HttpResponse<String> out = send(HttpRequest.newBuilder(host.uri("user/logout")).header("Cookie", cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1))).build());
        assertThat(out.statusCode()).isBetween(300, 399);

        assertClosedAndDeaf(host, control, ws, sse, alice);
      }
    }
  }

  /** The revoked WebSocket closed with 4501, the SSE stream ended with credentials_revoked, and a new issue reaches only the control. */
  private static void assertClosedAndDeaf(SecurityHost host, Ws control, Ws ws, Sse sse, String alice) throws Exception {
    await("WebSocket closed after revocation (close " + ws.closeCode + ")", () -> ws.closeCode >= 0);
    assertThat(ws.closeCode).as("close code; reason %s", ws.closeReason).isEqualTo(4501);
    JsonNode notice = sse.awaitMessage("credentials_revoked", m -> m.path("code").asText().equals("credentials_revoked"));
    assertThat(notice.path("type").asText()).isEqualTo("error");
    await("SSE stream ended after the notice", () -> sse.ended);

    HttpResponse<String> issue = send(HttpRequest.newBuilder(host.uri("api/v1/repos/acme/secret/issues"))
        .header("Authorization", alice).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"posted after revocation\"}")).build());
    assertThat(issue.statusCode()).as(issue.body()).isEqualTo(201);
    // The control (alice's password) still receives it, so it was published and fanned out.
    await("the control connection received the new issue",
        () -> control.raw.stream().anyMatch(r -> r.contains("posted after revocation")));
    control.roundTrip();
    assertThat(ws.raw).noneMatch(r -> r.contains("posted after revocation"));
    assertThat(sse.raw).noneMatch(r -> r.contains("posted after revocation"));
  }

  /** Signs alice in through the login form (with its double-submit CSRF cookie); returns the session cookie. */
  private static String signIn(SecurityHost host) throws Exception {
    HttpResponse<String> form = send(HttpRequest.newBuilder(host.uri("user/login")).GET().build());
    String loginCsrf = cookie(form, "samplehost_login_csrf");
    Matcher field = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(field.find()).isTrue();
    String body = "_csrf=" + enc(field.group(1)) + "&user_name=alice&password=tidings-alice&redirect_to=%2F";
    HttpResponse<String> login = send(HttpRequest.newBuilder(host.uri("user/login"))
        .header("Cookie", "samplehost_login_csrf=" + loginCsrf)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(login.statusCode()).as(login.body()).isBetween(300, 399);
    return "samplehost_session=" + cookie(login, "samplehost_session");
  }

  private static String cookie(HttpResponse<?> r, String name) {
    for (String c : r.headers().allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c.substring(name.length() + 1).split(";", 2)[0];
      }
    }
    throw new AssertionError("no " + name + " cookie in " + r.headers().map());
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static HttpResponse<String> send(HttpRequest r) throws Exception {
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + BOUND + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** A WebSocket client with any handshake headers (cookie, origin, token), recording messages and the close code. */
  static final class Ws implements WebSocket.Listener, AutoCloseable {
    final List<String> raw = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    volatile int closeCode = -1;
    volatile String closeReason;
    private WebSocket socket;
    private int ids;

    static Ws open(SecurityHost host, Map<String, String> headers) throws Exception {
      Ws ws = new Ws();
      WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
      headers.forEach(b::header);
      ws.socket = b.buildAsync(host.wsUri(), ws).get(20, TimeUnit.SECONDS);
      return ws;
    }

    @Override
    public void onOpen(WebSocket w) {
      w.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      synchronized (partial) {
        partial.append(data);
        if (last) {
          raw.add(partial.toString());
          partial.setLength(0);
        }
      }
      w.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
      closeReason = reason;
      closeCode = code;
      return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
      closeReason = String.valueOf(error);
      closeCode = 1006;
    }

    JsonNode command(String json, String id) throws Exception {
      socket.sendText(json, true).get(10, TimeUnit.SECONDS);
      await("reply " + id, () -> raw.stream().anyMatch(r -> parse(r).path("id").asText().equals(id)));
      return raw.stream().map(CredentialRevocationTest::parse).filter(m -> m.path("id").asText().equals(id))
          .findFirst().orElseThrow();
    }

    void subscribeOk(String channel) throws Exception {
      String id = "s" + (++ids);
      JsonNode reply = command("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"" + id + "\"}", id);
      assertThat(reply.path("type").asText()).as("%s", reply).isEqualTo("subscribed");
    }

    void roundTrip() throws Exception {
      String id = "p" + (++ids);
      command("{\"type\":\"ping\",\"id\":\"" + id + "\"}", id);
    }

    @Override
    public void close() {
      if (closeCode < 0) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
      socket.abort();
    }
  }

  /** A streaming SSE reader with any request headers, recording each {@code data:} message and the end of the stream. */
  static final class Sse implements Flow.Subscriber<String>, AutoCloseable {
    final List<String> raw = new CopyOnWriteArrayList<>();
    private final StringBuilder data = new StringBuilder();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    volatile boolean ended;

    static Sse open(SecurityHost host, Map<String, String> headers, String... channels) throws Exception {
      StringBuilder q = new StringBuilder();
      for (String c : channels) {
        q.append(q.length() == 0 ? "?" : "&").append("channel=").append(enc(c));
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(host.uri("plugins/tidings/events" + q)).GET();
      headers.forEach(b::header);
      Sse sse = new Sse();
      CompletableFuture<Integer> status = new CompletableFuture<>();
      HTTP.sendAsync(b.build(), info -> {
        status.complete(info.statusCode());
        return HttpResponse.BodySubscribers.fromLineSubscriber(sse);
      }).whenComplete((r, e) -> sse.ended = true);
      assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(200);
      return sse;
    }

    JsonNode awaitMessage(String what, java.util.function.Predicate<JsonNode> test) throws InterruptedException {
      await("SSE " + what + " in " + raw, () -> raw.stream().map(CredentialRevocationTest::parse).anyMatch(test));
      return raw.stream().map(CredentialRevocationTest::parse).filter(test).findFirst().orElseThrow();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.complete(s);
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          raw.add(data.toString());
        }
        data.setLength(0);
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).trim());
      }
    }

    @Override
    public void onError(Throwable t) {
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }

    @Override
    public void close() {
      subscription.thenAccept(Flow.Subscription::cancel);
    }
  }

  /** The demo host with the drop-in jar, on a free port of 127.0.0.1. */
  static final class SecurityHost implements AutoCloseable {
    private final AutoCloseable closer;
    private final String base;

    private SecurityHost(AutoCloseable closer, String base) {
      this.closer = closer;
      this.base = base;
    }

    static SecurityHost start(Path temp) throws Exception {
      E2eAccess.Running running = E2eAccess.start(temp);
      return new SecurityHost(running, running.baseUrl());
    }

    URI uri(String path) {
      return URI.create(base + path);
    }

    URI wsUri() {
      return URI.create(base.replaceFirst("^http", "ws") + "plugins/tidings/ws");
    }

    String origin() {
      return base.substring(0, base.length() - 1);
    }

    @Override
    public void close() throws Exception {
      closer.close();
    }
  }
}
