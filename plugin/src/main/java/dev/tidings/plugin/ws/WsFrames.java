package dev.tidings.plugin.ws;

import dev.tidings.plugin.hub.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;

/**
 * Writes a batch of messages as WebSocket text frames. Event envelopes go out as frames whose
 * payload is the log's shared bytes (only the 2-10 byte frame header is made per connection), and
 * a batch becomes one socket write. A compressing connection gets the event's shared compressed
 * copy the same way.
 */
final class WsFrames {

  private WsFrames() {}

  /**
   * Writes {@code batch} in order, completing {@code done} after the last frame; {@code deflate}
   * when the connection negotiated permessage-deflate ({@link SharedDeflateExtension}).
   */
  static void write(Session session, CoreSession core, boolean deflate, List<Outgoing> batch, Callback done, long timeoutMillis) {
    if (core == null) {
      writeThroughApi(session, batch, done);
      return;
    }
    int n = batch.size();
    for (int i = 0; i < n - 1; i++) {
      // All but the last frame are batched into Jetty's aggregate buffer; the last one flushes it.
      core.sendFrame(frame(batch.get(i), deflate), Callback.NOOP, true);
    }
    // Only the last frame carries the write timeout: the batch is enqueued at one instant and
    // written in order, so the last frame expires exactly when an earlier one would, and Jetty's
    // expiry bookkeeping (a nanoTime read and a CyclicTimeouts update) is paid once per write, not per frame.
    core.sendFrame(new OutgoingEntry.Builder(frame(batch.get(n - 1), deflate), done)
        .batch(false).frameTimeout(timeoutMillis).build());
  }

  private static Frame frame(Outgoing m, boolean deflate) {
    // RSV1 marks a compressed message (RFC 7692); the extension sends such frames as they are.
    return deflate ? new Frame(OpCode.TEXT, true, m.deflatedView()).setRsv1(true) : new Frame(OpCode.TEXT, true, m.wireView());
  }

  private static void writeThroughApi(Session s, List<Outgoing> batch, Callback done) {
    // Reached only with hub.ws.sharedFrames=false (for comparison) or if Jetty's session type
    // changes: re-encodes each message and sends one frame at a time, chained (and Jetty compresses
    // each connection's copy, if deflate was negotiated).
    String[] texts = batch.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toArray(String[]::new);
    sendChained(s, texts, 0, done);
  }

  private static void sendChained(Session s, String[] texts, int i, Callback done) {
    s.sendText(texts[i], org.eclipse.jetty.websocket.api.Callback.from(
        () -> {
          if (i + 1 < texts.length) {
            sendChained(s, texts, i + 1, done);
          } else {
            done.succeeded();
          }
        }, done::failed));
  }
}
