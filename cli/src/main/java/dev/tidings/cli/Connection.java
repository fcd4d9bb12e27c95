package dev.tidings.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket connection (the JDK's client) offering {@code tidings.v1}: whole text messages, the
 * close and failures land in one queue that the watch loop reads on its own thread; sends happen on
 * that thread only, one at a time.
 */
final class Connection implements WebSocket.Listener {

  static final String PROTOCOL = "tidings.v1";

  /** What the server said: a text message, the close, or a failure. */
  sealed interface Incoming permits Text, Closed, Failed {}

  record Text(String text) implements Incoming {}

  record Closed(int code, String reason) implements Incoming {}

  record Failed(Throwable cause) implements Incoming {}

  /** The handshake was answered with an HTTP status instead of 101. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String body) {
      super("HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body), null, false, false);
      this.status = status;
    }
  }

  private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private volatile long lastHeard = System.nanoTime();
  private WebSocket socket;

  private Connection() {}

  /** Connects; {@link Refused} for an HTTP answer, another exception when the server cannot be reached. */
  static Connection open(HttpClient http, URI uri, String token, Duration timeout) throws Exception {
    Connection c = new Connection();
    WebSocket.Builder b = http.newWebSocketBuilder().subprotocols(PROTOCOL).connectTimeout(timeout);
    if (token != null) {
      b.header("Authorization", "token " + token);
    }
    CompletableFuture<WebSocket> f = b.buildAsync(uri, c);
    try {
      c.socket = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof WebSocketHandshakeException h) {
        Object body = h.getResponse().body();
        String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
            : body == null ? null : body.toString();
        throw new Refused(h.getResponse().statusCode(), text);
      }
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw e;
    }
    return c;
  }

  /** The subprotocol the server selected ("" when it selected none: a server older than versions). */
  String protocol() {
    return socket.getSubprotocol();
  }

  /** The next thing the server said, or null after {@code timeout}. */
  Incoming next(Duration timeout) throws InterruptedException {
    return incoming.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Nanos since anything (a message or a ping) arrived. */
  long silentNanos() {
    return System.nanoTime() - lastHeard;
  }

  void send(String text) {
    socket.sendText(text, true).orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** A normal close (1000), waiting briefly for it to go out; then the connection is dropped. */
  void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Gone already, or not answering: drop it.
    }
    socket.abort();
  }

  void abort() {
    socket.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    lastHeard = System.nanoTime();
    partial.append(data);
    if (last) {
      incoming.add(new Text(partial.toString()));
      partial.setLength(0);
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
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    lastHeard = System.nanoTime();
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    incoming.add(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    incoming.add(new Failed(error));
  }
}
