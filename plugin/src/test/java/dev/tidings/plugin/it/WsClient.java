package dev.tidings.plugin.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that collects the server's JSON messages; with
 * {@code reading=false} it stops asking for messages after the first, like a stalled browser tab.
 */
public final class WsClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  volatile String closeReason;
  final WebSocket socket;
  private final boolean reading;
  private final StringBuilder partial = new StringBuilder();

  private WsClient(URI uri, Map<String, String> headers, boolean reading) throws Exception {
    this.reading = reading;
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    this.socket = b.buildAsync(uri, new Listener()).get(15, TimeUnit.SECONDS);
  }

  public static WsClient connect(URI uri, Map<String, String> headers) throws Exception {
    return new WsClient(uri, headers, true);
  }

  public static WsClient connect(URI uri) throws Exception {
    return connect(uri, Map.of());
  }

  public static WsClient stalled(URI uri, Map<String, String> headers) throws Exception {
    return new WsClient(uri, headers, false);
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode n = JSON.readTree(partial.toString());
          if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            // When it arrived, for latency measurements (not part of the protocol).
            o.put("_receivedNanos", System.nanoTime());
          }
          messages.add(n);
        } catch (Exception e) {
          messages.add(JSON.createObjectNode().put("type", "unparseable"));
        }
        partial.setLength(0);
      }
      if (reading) {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeReason = reason;
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closeCode.complete(1006);
    }
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next message, failing after {@code seconds}. */
  public JsonNode next(int seconds) throws InterruptedException {
    JsonNode n = messages.poll(seconds, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("no message within " + seconds + " s");
    }
    return n;
  }

  /** The next message of {@code type}, skipping others, failing after {@code seconds}. */
  public JsonNode nextOfType(String type, int seconds) throws InterruptedException {
    return nextMatching(n -> type.equals(n.path("type").asText()), seconds);
  }

  public JsonNode nextMatching(Predicate<JsonNode> p, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode n = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
      if (n == null) {
        throw new AssertionError("no matching message within " + seconds + " s");
      }
      if (p.test(n)) {
        return n;
      }
    }
  }

  /** Everything received within {@code millis} from now. */
  public List<JsonNode> drain(long millis) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode n = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
      if (n == null) {
        return out;
      }
      out.add(n);
    }
  }

  /** Subscribes to {@code channel} and returns its {@code subscribed} (or error) answer. */
  public JsonNode subscribe(String channel) throws InterruptedException {
    return command("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}", channel);
  }

  /** Sends a subscribe-like {@code command} (e.g. with {@code since}) and returns its answer for {@code channel}. */
  public JsonNode command(String command, String channel) throws InterruptedException {
    send(command);
    return nextMatching(n -> channel.equals(n.path("channel").asText())
        && ("subscribed".equals(n.path("type").asText()) || "error".equals(n.path("type").asText())), 10);
  }

  public int awaitClose(int seconds) throws Exception {
    return closeCode.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
