package dev.tidings.plugin.ws;

import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.internal.PerMessageDeflateExtension;

/**
 * Jetty's permessage-deflate with one change on the way out: a text frame that already has RSV1
 * set was compressed by us, once for every connection ({@link dev.tidings.plugin.hub.Outgoing#deflatedView()}),
 * and goes to the wire as it is. Jetty's own extension compresses each connection's copy with a
 * zlib context borrowed per message; for a fan-out that is the same work N times. Incoming frames,
 * negotiation and control frames are Jetty's. Public with a no-argument constructor because Jetty
 * creates one per connection from its extension registry.
 *
 * <p>Order is kept because the plugin sends every data frame pre-compressed: Jetty's compressing
 * flusher sees only control frames, which it passes straight on, so nothing queues behind it.
 */
public final class SharedDeflateExtension extends PerMessageDeflateExtension {

  /** The extension's registered name. */
  static final String NAME = "permessage-deflate";

  @Override
  public void sendFrame(OutgoingEntry entry) {
    Frame frame = entry.getFrame();
    if (frame.isRsv1() && frame.isFin() && !frame.isControlFrame()) {
      nextOutgoingFrame(entry);
    } else {
      super.sendFrame(entry);
    }
  }
}
