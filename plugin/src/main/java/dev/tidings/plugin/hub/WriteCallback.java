package dev.tidings.plugin.hub;

/**
 * How a transport reports that one {@link OutboxSink#write} finished. The hub's own type, so that
 * no server API leaks into it; a transport whose server wants its own callback type uses an
 * {@link Outbox} subclass that implements both (the method shapes match), so nothing is allocated
 * per write.
 */
public interface WriteCallback {

  /** Everything handed to the write was written. */
  void succeeded();

  /** The write failed: the connection is gone. */
  void failed(Throwable cause);
}
