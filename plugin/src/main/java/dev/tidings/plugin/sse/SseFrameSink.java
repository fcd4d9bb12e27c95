package dev.tidings.plugin.sse;

import dev.samplehost.api.Identity;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.transport.http.Cursor;
import dev.tidings.plugin.hub.OutboxDelivery;
import dev.tidings.plugin.hub.OutboxSink;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.WriteCallback;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.session.ClientSession;
import dev.tidings.plugin.session.CloseReason;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.transport.http.HttpStream;
import dev.tidings.plugin.transport.http.JettyOutbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open Server-Sent Events response, framing its session's messages: the same envelopes as the
 * WebSocket in {@code data:} lines, an {@code id:} cursor after every message that moves a channel
 * (so the browser's {@code Last-Event-ID} resumes all channels), heartbeat comments, and the same
 * bounded, coalescing outbox.
 */
final class SseFrameSink implements HttpStream, OutboxDelivery, OutboxSink {

  private static final Logger log = LoggerFactory.getLogger(SseFrameSink.class);
  /** Marker messages, recognised by identity. */
  private static final Outgoing HEARTBEAT = Outgoing.control(new byte[0]);
  private static final Outgoing END = Outgoing.control(new byte[0]);
  /** The last message of a stream whose credential was revoked (then the stream ends). */
  private static final Outgoing REVOKED = Outgoing.control(CredentialWatcher.NOTICE);

  private final SessionContext context;
  private final ClientSession session;
  private final Response response;
  private final Callback exchange;
  private final JettyOutbox outbox;
  /** Written only by the outbox's single writer, in message order. */
  private final Map<String, ChannelPosition> positions = new LinkedHashMap<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private boolean preambleSent;
  private volatile ScheduledFuture<?> heartbeat;

  SseFrameSink(SessionContext context, Identity identity, String address, Response response, Callback exchange,
      Map<String, ChannelPosition> resumeFrom) {
    this.context = context;
    this.response = response;
    this.exchange = exchange;
    this.outbox = new JettyOutbox(this, context.settings(), context.metrics());
    this.positions.putAll(resumeFrom);
    this.session = new ClientSession(context, identity, address, false, this);
  }

  @Override
  public String transport() {
    return "sse";
  }

  @Override
  public ClientSession session() {
    return session;
  }

  @Override
  public JettyOutbox outbox() {
    return outbox;
  }

  @Override
  public void opened(Request request) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    // Our heartbeats keep the stream alive; the connector's idle timeout must not end it.
    request.addIdleTimeoutListener(timeout -> false);
    request.addFailureListener(this::finish);
  }

  @Override
  public void startFailed(RuntimeException cause) {
    log.error("Starting an SSE stream failed", cause);
    finish(cause);
  }

  @Override
  public void started() {
    heartbeat = context.timer().every(this::heartbeat, context.settings().sseHeartbeat());
    // Sends the headers and the retry hint now even when nothing else is queued.
    heartbeat();
  }

  private void heartbeat() {
    send(HEARTBEAT);
  }

  @Override
  public void write(List<Outgoing> batch, WriteCallback done) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    boolean last = false;
    try {
      if (!preambleSent) {
        preambleSent = true;
        out.write(("retry: " + context.settings().sseRetry().toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII));
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
      // done is this stream's outbox, which is also Jetty's callback: nothing to wrap.
      response.write(false, ByteBuffer.wrap(out.toByteArray()), outbox);
    }
  }

  @Override
  public void overflowed() {
    log.info("Dropping slow SSE consumer {}", session.login());
    finish(new IOException("slow consumer"));
  }

  @Override
  public void failed(Throwable cause) {
    finish(cause);
  }

  /**
   * Server stopping: ends the stream after what is queued. Credential revoked: ends it with the
   * {@code credentials_revoked} error message, which tells the client not to reconnect with the
   * same credential.
   */
  @Override
  public void close(CloseReason reason) {
    boolean queued = switch (reason) {
      case SHUTDOWN -> outbox.offer(END);
      case CREDENTIALS_REVOKED -> outbox.offer(REVOKED) && outbox.offer(END);
      default -> false;
    };
    if (!queued) {
      finish(new IOException(reason.reason()));
    }
  }

  /** Ends the stream: failure aborts the connection (the browser reconnects with Last-Event-ID). */
  private void finish(Throwable failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    outbox.shutdown();
    ScheduledFuture<?> h = heartbeat;
    if (h != null) {
      h.cancel(false);
    }
    session.release();
    if (failure == null) {
      exchange.succeeded();
    } else {
      exchange.failed(failure);
    }
  }
}
