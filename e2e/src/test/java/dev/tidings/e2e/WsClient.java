package dev.tidings.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A protocol-v1 client on the JDK's WebSocket: records every message it receives, with its arrival time. */
final class WsClient implements AutoCloseable {
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger commandIds = new AtomicInteger();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;
  private volatile int closeCode = -1;
  private volatile String closeReason;

  private WsClient() {}

  /** Opens {@code /plugins/tidings/ws}; {@code user} null for anonymous, else Basic auth on the upgrade. */
  static WsClient connect(E2eHost host, String user, String password) throws Exception {
    WsClient client = new WsClient();
    WebSocket.Builder b = Rest.CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    String auth = Rest.basic(user, password);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    client.socket = b.buildAsync(host.wsUri(), client.new Listener()).get(20, TimeUnit.SECONDS);
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
          received.add(new Received(Json.parse(text), text, now, null));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode = statusCode;
      closeReason = reason;
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode = 1006;
      closeReason = String.valueOf(error);
    }
  }

  /** Sends one text frame. */
  synchronized void send(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  /** Subscribes to {@code channel} and returns the reply to this command ({@code subscribed} or {@code error}). */
  JsonNode subscribe(String channel) throws Exception {
    return subscribe(channel, null, 0);
  }

  /** Subscribes with {@code since:{epoch,offset}} when {@code epoch} is not null. */
  JsonNode subscribe(String channel, String epoch, long offset) throws Exception {
    String id = "c" + commandIds.incrementAndGet();
    ObjectNode cmd = Json.object().put("type", "subscribe").put("channel", channel).put("id", id);
    if (epoch != null) {
      cmd.putObject("since").put("epoch", epoch).put("offset", offset);
    }
    send(Json.write(cmd));
    return await("reply to " + cmd, m -> id.equals(m.json().path("id").asText())
        && (m.type().equals("subscribed") || m.type().equals("error"))).json();
  }

  /** Subscribes and fails unless the answer is {@code subscribed}. */
  JsonNode subscribeOk(String channel) throws Exception {
    JsonNode reply = subscribe(channel);
    if (!reply.path("type").asText().equals("subscribed")) {
      throw new AssertionError("subscribe " + channel + " was refused: " + reply);
    }
    return reply;
  }

  /** Sends a ping and waits for its pong: everything the server queued before it has arrived by then. */
  void roundTrip() throws Exception {
    String id = "p" + commandIds.incrementAndGet();
    send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
    await("pong " + id, m -> m.type().equals("pong") && id.equals(m.json().path("id").asText()));
  }

  /** The first received message matching {@code test}, waiting up to {@link Await#DEFAULT}. */
  Received await(String what, Predicate<Received> test) {
    return await(what, Await.DEFAULT, test);
  }

  /** The first received message matching {@code test}, waiting up to {@code timeout}. */
  Received await(String what, Duration timeout, Predicate<Received> test) {
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
  List<Received> events(String channel) {
    return received.stream().filter(m -> m.isEventOn(channel)).toList();
  }

  /** Everything received so far. */
  List<Received> all() {
    return List.copyOf(received);
  }

  /** The close code seen from the server, or -1 while open. */
  int closeCode() {
    return closeCode;
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // The server may already be gone; abort below frees the connection either way.
    }
    ws.abort();
  }
}
