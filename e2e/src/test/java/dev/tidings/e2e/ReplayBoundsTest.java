package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review H1: resuming a channel with a long history ({@code since}, SSE cursor, long-poll
 * cursor) is bounded. Anonymous clients resuming from far back get {@code recovered:false} instead of
 * the whole history; a long-poll answer holds at most {@code hub.queue.maxMessages} events and the
 * cursor continues; a WebSocket client that never reads and re-subscribes with {@code since} again
 * and again does not stack replays in the host's heap; slow SSE readers hold one page each; past the
 * per-address replay budget a resume gets 429 {@code rate_limited} with {@code Retry-After}; and
 * meanwhile the host stays healthy and live delivery goes on.
 */
class ReplayBoundsTest {
  private static final String CHANNEL = "repo:alice/demo";
  private static final int HISTORY = 800;
  /** About 8 KB per event: 800 events are about 6.6 MB of envelopes. */
  private static final String PAD = "x".repeat(8000);
  /**
   * A gap of 700 events (about 5.7 MB) is within hub.replay.maxBytes below; the whole history is
   * not. It is also more than the kernel buffers of a stalled loopback connection take (at most
   * about 4 MB here), so the replays of the clients below stay in progress.
   */
  private static final int GAP = 700;
  private static final int POLL_MAX_EVENTS = 50;
  private static final int RESUBSCRIBES = 20;

  @Test
  void resumesAreBoundedInBytesPagedAndBudgeted(@TempDir Path temp) throws Exception {
    Path root = temp.resolve("host");
    Path settings = Files.createDirectories(root.resolve("data").resolve("plugins-data").resolve("tidings"));
    Files.writeString(settings.resolve("tidings.properties"), String.join("\n",
        "hub.replay.maxBytes=6291456",
        "hub.queue.maxMessages=" + POLL_MAX_EVENTS,
        "hub.replay.maxPerIp=3",
        // The history is made through the publish API: no publish rate limits for this test.
        "publish.userRate=1000000", "publish.userBurst=1000000", "publish.repoRate=1000000", "publish.repoBurst=1000000",
        "publish.channelBytesPerSecond=1000000000", "publish.channelBytesBurst=1000000000",
        ""));
    try (E2eHost host = E2eHost.start(root)) {
      Rest anonymous = Rest.anonymous(host);
      JsonNode before = poll(anonymous, null).json().path("channels").path(CHANNEL);
      String epoch = before.path("epoch").asText();
      long start = before.path("offset").asLong();
      publishHistory(host);
      long head = start + HISTORY;

      // 1. From before the whole history: more than hub.replay.maxBytes, so nothing at all (never partial).
      Rest.Answer all = poll(anonymous, cursor(epoch, 0));
      assertThat(all.status()).as("%s", abbreviate(all)).isEqualTo(200);
      assertThat(all.json().path("channels").path(CHANNEL).path("recovered").asBoolean(true))
          .as("a resume beyond hub.replay.maxBytes is not recovered").isFalse();
      assertThat(all.json().path("events")).isEmpty();
      assertThat(all.body().length()).as("the answer to a 150-byte request").isLessThan(4096);

      // 2. Within the bound: answers of at most hub.queue.maxMessages events; the cursor continues.
      List<Long> offsets = new ArrayList<>();
      String cursor = cursor(epoch, head - GAP);
      int answers = 0;
      while (offsets.size() < GAP && answers < 2 * GAP / POLL_MAX_EVENTS) {
        Rest.Answer page = poll(anonymous, cursor);
        answers++;
        assertThat(page.status()).as("%s", abbreviate(page)).isEqualTo(200);
        JsonNode json = page.json();
        assertThat(json.path("channels").path(CHANNEL).path("recovered").asBoolean()).isTrue();
        assertThat(json.path("events").size()).as("events in one long-poll answer").isLessThanOrEqualTo(POLL_MAX_EVENTS);
        json.path("events").forEach(e -> offsets.add(e.path("offset").asLong()));
        cursor = json.path("cursor").asText();
      }
      List<Long> expected = new ArrayList<>();
      for (long o = head - GAP + 1; o <= head; o++) {
        expected.add(o);
      }
      assertThat(offsets).as("every missed event once, in order, across capped answers").isEqualTo(expected);
      assertThat(answers).isGreaterThanOrEqualTo(GAP / POLL_MAX_EVENTS);

      long baseline = usedHeapAfterGc();
      List<RawClient> stalled = new ArrayList<>();
      try {
        // 3. A WebSocket client that never reads re-subscribes with since again and again: each one
        // replaces the last (its replay dropped), so they do not stack up in the heap.
        RawClient ws = RawClient.webSocket(host);
        stalled.add(ws);
        String resume = "{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"since\":{\"epoch\":\"" + epoch
            + "\",\"offset\":" + (head - GAP) + "}}";
        for (int i = 0; i < RESUBSCRIBES; i++) {
          ws.sendText(resume);
        }
        // 4. Two slow SSE readers resuming the same gap hold one page each, not the gap.
        for (int i = 0; i < 2; i++) {
          stalled.add(RawClient.sse(host, CHANNEL, cursor(epoch, head - GAP)));
        }
        // 5. The address now has hub.replay.maxPerIp (3) connections replaying: one more resume is refused.
        Rest.Answer refused = Await.until("a resume refused by the per-address replay budget", () -> {
          Rest.Answer a = poll(anonymous, cursor(epoch, head - GAP));
          return a.status() == 429 ? Optional.of(a) : Optional.empty();
        });
        assertThat(refused.json().path("code").asText()).isEqualTo("rate_limited");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        long grown = usedHeapAfterGc() - baseline;
        assertThat(grown).as("heap growth with %s resubscribes of a %s-event gap", RESUBSCRIBES, GAP)
            .isLessThan(24L * 1024 * 1024);

        // 6. Meanwhile the host is healthy and live delivery goes on.
        Rest.Answer health = anonymous.get("healthz");
        assertThat(health.status()).as("%s", health).isEqualTo(200);
        try (WsClient viewer = WsClient.connect(host.wsUri(), null, null)) {
          viewer.subscribeOk(CHANNEL);
          Rest.Answer fresh = Rest.alice(host).post("plugins/tidings/api/publish",
              "{\"channel\":\"" + CHANNEL + "\",\"event\":\"ci.status\",\"data\":{\"state\":\"fresh\"}}");
          assertThat(fresh.status()).as("%s", fresh).isEqualTo(201);
          viewer.await("the new event", m -> m.isEventOn(CHANNEL)
              && m.json().path("data").path("state").asText().equals("fresh"));
        }
      } finally {
        for (RawClient c : stalled) {
          c.close();
        }
      }

      // 7. Once the stalled clients are gone their replay budget is free again (head + 1: the fresh event).
      Rest.Answer again = Await.until("a resume admitted after the stalled clients left", () -> {
        Rest.Answer a = poll(anonymous, cursor(epoch, head + 1 - 10));
        return a.status() == 200 ? Optional.of(a) : Optional.empty();
      });
      assertThat(again.json().path("events").size()).isEqualTo(10);
    }
  }

  /** Publishes HISTORY events of about 8 KB through the publish API, a few at a time. */
  private static void publishHistory(E2eHost host) throws Exception {
    String body = "{\"channel\":\"" + CHANNEL + "\",\"event\":\"ci.pad\",\"data\":{\"pad\":\"" + PAD + "\"}}";
    Rest.Answer token = Rest.alice(host).post("api/v1/users/alice/tokens", "{\"name\":\"replay-bounds\",\"scopes\":[\"all\"]}");
    assertThat(token.status()).as("%s", token).isEqualTo(201);
    String authorization = "token " + token.json().path("sha1").asText();
    Semaphore inFlight = new Semaphore(8);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < HISTORY; i++) {
      inFlight.acquire();
      HttpRequest request = HttpRequest.newBuilder(host.uri("plugins/tidings/api/publish"))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", authorization)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      sent.add(Rest.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, x) -> inFlight.release()));
    }
    for (CompletableFuture<HttpResponse<String>> f : sent) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as("publish: %s", r.body()).isEqualTo(201);
    }
  }

  private static Rest.Answer poll(Rest client, String cursor) {
    return client.get("plugins/tidings/poll?timeout=0&channel=" + URLEncoder.encode(CHANNEL, StandardCharsets.UTF_8)
        + (cursor == null ? "" : "&cursor=" + cursor));
  }

  /** A cursor as the server writes them (anyone can build one: the epoch is public). */
  static String cursor(String epoch, long offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((CHANNEL + " " + epoch + " " + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviate(Rest.Answer a) {
    String s = a.toString();
    return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
  }

  /** The heap in use after a full collection (the host runs in this JVM). */
  private static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /**
   * A client on a plain socket that never reads past the response headers, with a tiny receive
   * window, so whatever the server sends it stays in the server (what an attacker's client does).
   */
  static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    static RawClient webSocket(E2eHost host) throws IOException {
      URI uri = host.wsUri();
      RawClient c = open(uri);
      c.request("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n", "101");
      return c;
    }

    static RawClient sse(E2eHost host, String channel, String cursor) throws IOException {
      URI uri = host.uri("plugins/tidings/events?channel=" + URLEncoder.encode(channel, StandardCharsets.UTF_8)
          + "&cursor=" + cursor);
      RawClient c = open(uri);
      c.request("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
          + uri.getPort() + "\r\nAccept: text/event-stream\r\n\r\n", "200");
      return c;
    }

    private static RawClient open(URI uri) throws IOException {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      s.setSoTimeout(20_000);
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
      return new RawClient(s);
    }

    /** Sends the request head and reads only the response head, which must have {@code status}. */
    private void request(String head, String status) throws IOException {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      while (!got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        got.write(b);
      }
      String response = got.toString(StandardCharsets.ISO_8859_1);
      assertThat(response).as("response head").startsWith("HTTP/1.1 " + status);
    }

    /** One masked text frame (client frames must be masked). */
    void sendText(String text) throws IOException {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x81);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else {
        frame.write(0x80 | 126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xff);
      }
      byte[] mask = {1, 2, 3, 4};
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      out.write(frame.toByteArray());
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
