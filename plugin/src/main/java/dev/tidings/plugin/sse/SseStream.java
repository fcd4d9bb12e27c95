package dev.tidings.plugin.sse;

import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.hub.Connection;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Cursor;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.hub.HubSettings;
import dev.tidings.plugin.hub.Outbox;
import dev.tidings.plugin.hub.OutboxSink;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.WriteCallback;
import dev.tidings.plugin.transport.http.JettyOutbox;
import dev.tidings.plugin.hub.OutboxSubscriber;
import dev.tidings.plugin.hub.Subscription;
import dev.tidings.plugin.log.ChannelPosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open Server-Sent Events response: the same envelopes as the WebSocket in {@code data:}
 * lines, an {@code id:} cursor after every message that moves a channel (so the browser's
 * {@code Last-Event-ID} resumes all channels), heartbeat comments, and the same bounded,
 * coalescing outbox.
 */
final class SseStream implements OutboxSubscriber, Connection, OutboxSink, CredentialWatcher.Revocable {

  private static final Logger log = LoggerFactory.getLogger(SseStream.class);
  private static final byte[] NOTHING = new byte[0];
  /** Marker messages, recognised by identity. */
  static final Outgoing HEARTBEAT = Outgoing.control(NOTHING);
  private static final Outgoing END = Outgoing.control(new byte[0]);
  /** The last message of a stream whose credential was revoked (then the stream ends). */
  private static final Outgoing REVOKED = Outgoing.control(CredentialWatcher.NOTICE);

  private final String login;
  private final Response response;
  private final Callback exchange;
  private final Hub hub;
  private final HubSettings settings;
  private final JettyOutbox outbox;
  /** Written only by the outbox's single writer, in message order. */
  private final Map<String, ChannelPosition> positions = new LinkedHashMap<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private boolean preambleSent;
  volatile Connections.Lease lease;
  volatile ScheduledFuture<?> heartbeat;
  volatile CredentialWatcher.Watch watch;

  SseStream(String login, Response response, Callback exchange, Hub hub, HubSettings settings, HubMetrics metrics,
      Map<String, ChannelPosition> resumeFrom) {
    this.login = login;
    this.response = response;
    this.exchange = exchange;
    this.hub = hub;
    this.settings = settings;
    this.outbox = new JettyOutbox(this, settings, metrics);
    this.positions.putAll(resumeFrom);
  }

  @Override
  public String login() {
    return login;
  }

  @Override
  public String transport() {
    return "sse";
  }

  void add(Subscription s) {
    subscriptions.put(s.channel().name(), s);
    if (finished.get()) {
      hub.unsubscribe(s);
    }
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public void revoked(String channel) {
    subscriptions.remove(channel);
    sendRevoked(channel);
  }

  @Override
  public void replayFailed(String channel) {
    subscriptions.remove(channel);
    OutboxSubscriber.super.replayFailed(channel);
  }

  @Override
  public void write(List<Outgoing> batch, WriteCallback done) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    boolean last = false;
    try {
      if (!preambleSent) {
        preambleSent = true;
        out.write(("retry: " + settings.sseRetry().toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII));
      }
      for (Outgoing m : batch) {
        if (m == END) {
          last = true;
          break;
        }
        if (m == HEARTBEAT) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
          continue;
        }
        if (m.channel() != null) {
          positions.put(m.channel(), new ChannelPosition(m.epoch(), m.offset()));
          out.write("id: ".getBytes(StandardCharsets.US_ASCII));
          out.write(Cursor.encode(positions).getBytes(StandardCharsets.US_ASCII));
          out.write('\n');
        }
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        // The envelope is one line of JSON (the serialiser escapes newlines inside strings).
        out.write(m.payload());
        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      done.failed(e);
      return;
    }
    if (last) {
      response.write(true, ByteBuffer.wrap(out.toByteArray()), Callback.from(() -> {
        done.succeeded();
        finish(null);
      }, x -> {
        done.failed(x);
        finish(x);
      }));
    } else {
      // done is this stream's outbox, which is also Jetty's callback.
      response.write(false, ByteBuffer.wrap(out.toByteArray()), outbox);
    }
  }

  @Override
  public void overflowed() {
    log.info("Dropping slow SSE consumer {}", login);
    finish(new IOException("slow consumer"));
  }

  @Override
  public void failed(Throwable cause) {
    finish(cause);
  }

  @Override
  public void keepAlive() {
    // Heartbeats have their own period (sse.heartbeat).
  }

  void heartbeat() {
    send(HEARTBEAT);
  }

  @Override
  public void shutdown() {
    if (!outbox.offer(END)) {
      finish(new IOException("server shutting down"));
    }
  }

  /**
   * The session or token of the request was revoked: unsubscribes at once (nothing published from
   * now on is sent), then ends the stream with the {@code credentials_revoked} error message, which
   * tells the client not to reconnect with the same credential.
   */
  @Override
  public void credentialsRevoked() {
    for (Subscription s : subscriptions.values()) {
      hub.unsubscribe(s);
    }
    subscriptions.clear();
    if (!outbox.offer(REVOKED) || !outbox.offer(END)) {
      finish(new IOException(CredentialWatcher.REASON));
    }
  }

  /** Ends the stream: failure aborts the connection (the browser reconnects with Last-Event-ID). */
  void finish(Throwable failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    outbox.shutdown();
    ScheduledFuture<?> h = heartbeat;
    if (h != null) {
      h.cancel(false);
    }
    for (Subscription s : subscriptions.values()) {
      hub.unsubscribe(s);
    }
    subscriptions.clear();
    Connections.Lease l = lease;
    if (l != null) {
      l.release();
    }
    CredentialWatcher.Watch w = watch;
    if (w != null) {
      w.cancel();
    }
    if (failure == null) {
      exchange.succeeded();
    } else {
      exchange.failed(failure);
    }
  }
}
