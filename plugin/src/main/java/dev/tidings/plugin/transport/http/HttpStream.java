package dev.tidings.plugin.transport.http;

import dev.tidings.plugin.session.ClientSession;
import dev.tidings.plugin.session.SessionOutput;
import org.eclipse.jetty.server.Request;

/** A plain-HTTP transport's adapter (SSE stream, long-poll answer): what it adds to {@link HttpGate#start}. */
public interface HttpStream extends SessionOutput {

  /** The session this adapter frames. */
  ClientSession session();

  /** The session holds its place within the limits: prepare the response (headers, listeners). */
  void opened(Request request);

  /** Subscribing failed (the log could not be read): answer or abort. */
  void startFailed(RuntimeException cause);

  /** Every channel is subscribed. */
  void started();
}
