package dev.tidings.plugin.ws;

import dev.samplehost.api.Identity;
import dev.tidings.plugin.hub.OutboxDelivery;
import dev.tidings.plugin.hub.OutboxSink;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.WriteCallback;
import dev.tidings.plugin.session.ClientSession;
import dev.tidings.plugin.session.CloseReason;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.session.SessionOutput;
import dev.tidings.plugin.transport.http.JettyOutbox;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection as Jetty sees it: hands its text and binary messages to its
 * {@link ClientSession} and writes the session's messages as frames ({@link WsFrames}) through a
 * bounded {@link JettyOutbox}. Listener and frame sink are one object because thousands of idle
 * connections each pay for every object they hold. Public because Jetty requires it.
 */
public final class WsConnection implements Session.Listener.AutoDemanding, SessionOutput, OutboxDelivery, OutboxSink {

  private static final Logger log = LoggerFactory.getLogger(WsConnection.class);

  private final SessionContext context;
  private final ClientSession session;
  private final JettyOutbox outbox;
  // The negotiated subprotocol (a shared constant), or null when the client offered none.
  private final String protocol;
  private volatile Session socket;
  private volatile CoreSession core;
  // permessage-deflate negotiated: frames carry each message's shared compressed copy.
  private volatile boolean deflate;

  WsConnection(SessionContext context, Identity identity, String address, String protocol) {
    this.context = context;
    this.protocol = protocol;
    this.outbox = new JettyOutbox(this, context.settings(), context.metrics());
    this.session = new ClientSession(context, identity, address, true, this);
  }

  @Override
  public String transport() {
    return "ws";
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public void onWebSocketOpen(Session s) {
    this.socket = s;
    // The core session lets us send the shared envelope bytes without re-encoding a String.
    CoreSession c = s instanceof WebSocketSession w && context.settings().wsSharedFrames() ? w.getCoreSession() : null;
    // RSV1 is used only by the one extension WsUpgrade negotiates: SharedDeflateExtension.
    this.deflate = c != null && c.isRsv1Used();
    this.core = c;
    // Counted before the session opens, so the count has moved by the time a client reads the welcome.
    context.metrics().wsOpened(protocol, deflate);
    if (!session.open()) {
      session.close(CloseReason.TOO_MANY_CONNECTIONS);
    }
  }

  @Override
  public void onWebSocketText(String text) {
    session.onCommand(text);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    callback.succeed();
    session.onBinary();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    outbox.shutdown();
    session.release();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    log.debug("WebSocket error for {} from {}", session.login(), session.address(), cause);
    outbox.shutdown();
    session.release();
  }

  @Override
  public JettyOutbox outbox() {
    return outbox;
  }

  @Override
  public void write(List<Outgoing> batch, WriteCallback done) {
    // done is this connection's outbox, which is also Jetty's callback: nothing to wrap.
    WsFrames.write(socket, core, deflate, batch, outbox, context.settings().writeTimeout().toMillis());
  }

  @Override
  public void overflowed() {
    log.info("Closing slow WebSocket consumer {} from {}", session.login(), session.address());
    session.close(CloseReason.SLOW_CONSUMER);
  }

  @Override
  public void failed(Throwable cause) {
    log.debug("Write to {} failed", session.address(), cause);
    if (cause instanceof java.util.concurrent.TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
      // A write that made no progress for hub.write.timeout: a stalled reader.
      context.metrics().slowConsumer();
    }
    Session s = socket;
    if (s != null) {
      s.disconnect();
    }
    session.release();
  }

  @Override
  public void keepAlive() {
    Session s = socket;
    if (s != null && s.isOpen()) {
      s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  @Override
  public boolean isOpen() {
    Session s = socket;
    return s != null && s.isOpen();
  }

  /** Closes with the reason's code, and drops the connection if the close cannot be sent in time. */
  @Override
  public void close(CloseReason reason) {
    outbox.shutdown();
    Session s = socket;
    if (s == null) {
      return;
    }
    s.close(reason.code(), reason.reason(), Callback.NOOP);
    // A reader that stopped reading never lets the close frame out: do not wait for it.
    context.timer().schedule(() -> {
      if (s.isOpen()) {
        s.disconnect();
      }
    }, Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return "WsConnection[" + session.login() + "@" + session.address() + "]";
  }
}
