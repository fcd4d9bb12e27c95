package dev.tidings.plugin.hub;

/**
 * A subscriber whose messages all go through its connection's {@link Outbox}: the queueing half of
 * {@link Subscriber}, written once for every streaming transport (WebSocket, SSE).
 */
public interface OutboxSubscriber extends Subscriber {

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
  default void replayFailed(String channel) {
    send(Outgoing.control(Replies.error(ErrorCode.REPLAY_INTERRUPTED,
        "History was removed while it was replayed; subscribe again with since", channel, null)));
    send(Outgoing.control(Replies.unsubscribed(channel, null)));
  }

  @Override
  default void flush() {
    outbox().flush();
  }

  /** Queues what a client is told when access to {@code channel} ends: {@code forbidden}, then {@code unsubscribed}. */
  default void sendRevoked(String channel) {
    send(Outgoing.control(Replies.error(ErrorCode.FORBIDDEN, "access revoked", channel, null)));
    send(Outgoing.control(Replies.unsubscribed(channel, null)));
  }
}
