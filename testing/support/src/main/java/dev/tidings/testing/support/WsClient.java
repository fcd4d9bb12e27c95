package dev.tidings.testing.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A protocol-v1 client on the JDK's WebSocket. Every message it receives is kept twice:
 * <ul>
 *   <li>in arrival order for searching, never consumed: {@link #await}, {@link #events}, {@link #all};</li>
 *   <li>in a queue that the {@code next*} methods consume, skipping what they pass over:
 *       {@link #next}, {@link #nextOfType}, {@link #nextMatching}, {@link #drain}. Those nodes carry an
 *       extra {@code _receivedNanos} field (arrival time, for latency figures; not part of the protocol).</li>
 * </ul>
 * With {@link #stalled} it stops asking for messages after the first, like a stalled browser tab.
 */
public final class WsClient implements AutoCloseable {
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final AtomicInteger commandIds = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private final boolean reading;
  private volatile WebSocket socket;
  private volatile int closeCode = -1;
  private volatile String closeReason;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  /** Opens {@code uri} with {@code headers} on the upgrade request. */
  public static WsClient connect(URI uri, Map<String, String> headers) throws Exception {
    return open(uri, headers, true);
  }

  /** Opens {@code uri} anonymously. */
  public static WsClient connect(URI uri) throws Exception {
    return connect(uri, Map.of());
  }

  /** Opens {@code uri} as {@code user} with Basic auth on the upgrade; {@code user} null for anonymous. */
  public static WsClient connect(URI uri, String user, String password) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    String auth = BasicAuth.basic(user, password);
    if (auth != null) {
      headers.put("Authorization", auth);
    }
    return connect(uri, headers);
  }

  /** Opens {@code uri} but reads only the first message, then leaves the rest in the socket. */
  public static WsClient stalled(URI uri, Map<String, String> headers) throws Exception {
    return open(uri, headers, false);
  }

  private static WsClient open(URI uri, Map<String, String> headers, boolean reading) throws Exception {
    WsClient client = new WsClient(reading);
    WebSocket.Builder b = TestJson.HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    client.socket = b.buildAsync(uri, client.new Listener()).get(20, TimeUnit.SECONDS);
    return client;
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      synchronized (partial) {
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          JsonNode json;
          try {
            json = TestJson.MAPPER.readTree(text);
          } catch (Exception e) {
            json = TestJson.MAPPER.createObjectNode().put("type", "unparseable");
          }
          received.add(new Received(json, text, now, null));
          JsonNode queued = json.deepCopy();
          if (queued instanceof ObjectNode o) {
            o.put("_receivedNanos", now);
          }
          queue.add(queued);
        }
      }
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closeCode = statusCode;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeReason = String.valueOf(error);
      closeCode = 1006;
      closed.complete(1006);
    }
  }

  /** Sends one text frame, waiting up to 10 s for it to be written. */
  public synchronized void send(String text) {
    try {
      socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted sending " + text, e);
    } catch (Exception e) {
      throw new AssertionError("could not send " + text + ": " + e, e);
    }
  }

  /** The JDK socket, for tests that send frames their own way. */
  public WebSocket socket() {
    return socket;
  }

  // ---- searching what arrived (never consumes) ----

  /**
   * Subscribes to {@code channel} (with a command {@code id}) and returns the reply to this command,
   * {@code subscribed} or {@code error}. The reply and anything before it leave the {@code next*} queue.
   */
  public JsonNode subscribe(String channel) throws Exception {
    return subscribe(channel, null, 0);
  }

  /** Subscribes with {@code since:{epoch,offset}} when {@code epoch} is not null. */
  public JsonNode subscribe(String channel, String epoch, long offset) throws Exception {
    String id = "c" + commandIds.incrementAndGet();
    ObjectNode cmd = TestJson.MAPPER.createObjectNode().put("type", "subscribe").put("channel", channel).put("id", id);
    if (epoch != null) {
      cmd.putObject("since").put("epoch", epoch).put("offset", offset);
    }
    send(TestJson.MAPPER.writeValueAsString(cmd));
    Predicate<JsonNode> reply = n -> id.equals(n.path("id").asText())
        && ("subscribed".equals(n.path("type").asText()) || "error".equals(n.path("type").asText()));
    JsonNode answer = await("reply to " + cmd, m -> reply.test(m.json())).json();
    nextMatching(reply, (int) Await.DEFAULT.toSeconds());
    return answer;
  }

  /** Subscribes and fails unless the answer is {@code subscribed}. */
  public JsonNode subscribeOk(String channel) throws Exception {
    JsonNode reply = subscribe(channel);
    if (!reply.path("type").asText().equals("subscribed")) {
      throw new AssertionError("subscribe " + channel + " was refused: " + reply);
    }
    return reply;
  }

  /** Sends a ping and waits for its pong: everything the server queued before it has arrived by then. */
  public void roundTrip() {
    String id = "p" + commandIds.incrementAndGet();
    send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
    await("pong " + id, m -> m.type().equals("pong") && id.equals(m.json().path("id").asText()));
  }

  /** The first received message matching {@code test}, waiting up to {@link Await#DEFAULT}. */
  public Received await(String what, Predicate<Received> test) {
    return await(what, Await.DEFAULT, test);
  }

  /** The first received message matching {@code test}, waiting up to {@code timeout}; fails early once closed. */
  public Received await(String what, Duration timeout, Predicate<Received> test) {
    return Await.until(what + " (received so far: " + received.size() + " messages, close " + closeCode + ")",
        timeout, () -> received.stream().filter(test).findFirst()
            .or(() -> closeCode >= 0 ? failClosed(what) : Optional.empty()));
  }

  private Optional<Received> failClosed(String what) {
    // Only reached when no message matched: a closed connection will never deliver it.
    throw new AssertionError("connection closed (" + closeCode + " " + closeReason + ") while waiting for " + what
        + "; received: " + received.stream().map(Received::raw).toList());
  }

  /** Events received on {@code channel}, in arrival order. */
  public List<Received> events(String channel) {
    return received.stream().filter(m -> m.isEventOn(channel)).toList();
  }

  /** Everything received so far. */
  public List<Received> all() {
    return List.copyOf(received);
  }

  // ---- consuming the queue ----

  /** The next message, failing after {@code seconds}. */
  public JsonNode next(int seconds) throws InterruptedException {
    JsonNode n = queue.poll(seconds, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("no message within " + seconds + " s");
    }
    return n;
  }

  /** The next message of {@code type}, skipping others, failing after {@code seconds}. */
  public JsonNode nextOfType(String type, int seconds) throws InterruptedException {
    return nextMatching(n -> type.equals(n.path("type").asText()), seconds);
  }

  /** The next message that {@code p} accepts, skipping others, failing after {@code seconds}. */
  public JsonNode nextMatching(Predicate<JsonNode> p, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode n = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
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
      JsonNode n = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      if (n == null) {
        return out;
      }
      out.add(n);
    }
  }

  /**
   * Sends a subscribe-like {@code command} (e.g. with {@code since}) and returns its answer for
   * {@code channel} from the queue ({@code subscribed} or {@code error}).
   */
  public JsonNode command(String command, String channel) throws InterruptedException {
    send(command);
    return nextMatching(n -> channel.equals(n.path("channel").asText())
        && ("subscribed".equals(n.path("type").asText()) || "error".equals(n.path("type").asText())), 10);
  }

  // ---- closing ----

  /** Waits up to {@code seconds} for the close and returns its code (1006 for an abnormal end). */
  public int awaitClose(int seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  /** The close code seen from the server, or -1 while open. */
  public int closeCode() {
    return closeCode;
  }

  /** The close reason seen from the server, or null while open. */
  public String closeReason() {
    return closeReason;
  }

  /** Sends a normal close (waiting up to 5 s) and aborts the connection. */
  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    if (!ws.isOutputClosed()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // The server may already be gone; abort below frees the connection either way.
      }
    }
    ws.abort();
  }
}
