package dev.tidings.plugin.hub;

/**
 * How messages reach one connection, as the fan-out and the replays hand them over; every method
 * must return without blocking.
 */
public interface Delivery {

  /** Queues a message without blocking; false when the connection is closed or just overflowed. */
  boolean send(Outgoing message);

  /**
   * Queues a message but leaves starting the write to {@link #flush()}: the hub queues a burst of
   * events for every subscriber first and then flushes each once, so a burst becomes one write.
   */
  default boolean sendDeferred(Outgoing message) {
    return send(message);
  }

  /**
   * Queues a replayed message: replays are bounded ({@code hub.replay.*}) and come one page at a
   * time, and are let past the live queue limits, which would otherwise cut every client resuming
   * a long gap.
   */
  default boolean sendReplayed(Outgoing message) {
    return send(message);
  }

  /**
   * Whether replay pages are read on the subscribing thread, one after another, for as long as
   * {@link #replayWanted()} (a long-poll answer collects them at once), rather than each after the
   * previous one was written ({@link #whenReplayReady}).
   */
  default boolean replaysInline() {
    return true;
  }

  /** Runs {@code ready} once the previous replay page has been written (for subscribers that do not replay inline). */
  default void whenReplayReady(Runnable ready) {
    ready.run();
  }

  /** Whether this connection takes more replayed events now (a full long-poll answer does not). */
  default boolean replayWanted() {
    return true;
  }

  /** The replay of {@code channel} has covered everything up to {@code offset} (sent, or skipped as unreadable). */
  default void replayedThrough(String channel, String epoch, long offset) {}

  /** An inline replay of {@code channel} stopped before its end (answer full, or the server's replay budget). */
  default void replayStopped(String channel) {}

  /** Starts writing what {@link #sendDeferred} queued (no-op when a write is in flight). */
  default void flush() {}
}
