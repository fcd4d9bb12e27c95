package dev.tidings.plugin.hub;

/**
 * A {@link Delivery} whose messages all go through its connection's {@link Outbox}: written once
 * for every streaming transport (WebSocket, SSE); replays are paced by the outbox draining.
 */
public interface OutboxDelivery extends Delivery {

  /** The connection's outbound queue. */
  Outbox outbox();

  @Override
  default boolean send(Outgoing message) {
    return outbox().offer(message);
  }

  @Override
  default boolean sendDeferred(Outgoing message) {
    return outbox().offer(message, false);
  }

  @Override
  default boolean sendReplayed(Outgoing message) {
    return outbox().offerReplayed(message);
  }

  @Override
  default boolean replaysInline() {
    return false;
  }

  @Override
  default void whenReplayReady(Runnable ready) {
    outbox().whenDrained(ready);
  }

  @Override
  default void flush() {
    outbox().flush();
  }
}
