package dev.tidings.plugin.hub;

import java.util.List;

/** How one transport writes a batch of queued messages to its connection. */
public interface OutboxSink {

  /**
   * Writes {@code batch} (in order) as one write where the transport allows, completing
   * {@code done} when all of it is written or failing it; must not block. The list is only valid
   * during the call.
   */
  void write(List<Outgoing> batch, WriteCallback done);

  /** The queue overflowed: the consumer is too slow and must be disconnected (resumable). */
  void overflowed();

  /** A write failed: the connection is gone. */
  void failed(Throwable cause);
}
