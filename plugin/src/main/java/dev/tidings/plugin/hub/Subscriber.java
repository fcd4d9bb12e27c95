package dev.tidings.plugin.hub;

/**
 * One client connection as the hub sees it, whatever its transport (WebSocket, SSE, long-poll):
 * who it is and where its messages go.
 */
public interface Subscriber {

  /** The subscriber's login, or null when anonymous. */
  String login();

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

  /** Whether this subscriber takes more replayed events now (a full long-poll answer does not). */
  default boolean replayWanted() {
    return true;
  }

  /** The replay of {@code channel} has covered everything up to {@code offset} (sent, or skipped as unreadable). */
  default void replayedThrough(String channel, String epoch, long offset) {}

  /** An inline replay of {@code channel} stopped before its end (answer full, or the server's replay budget). */
  default void replayStopped(String channel) {}

  /**
   * The replay of {@code channel} could not be completed (retention removed events while it was
   * read) and its subscription has ended; the client should subscribe again with {@code since}.
   */
  default void replayFailed(String channel) {}

  /** Starts writing what {@link #sendDeferred} queued (no-op when a write is in flight). */
  default void flush() {}

  /** The hub ended this connection's subscription to {@code channel} because access was lost. */
  void revoked(String channel);
}
