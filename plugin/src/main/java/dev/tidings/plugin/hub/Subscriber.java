package dev.tidings.plugin.hub;

/**
 * One client connection as the hub sees it, whatever its transport: who it is, where its messages
 * go ({@link Delivery}), and the two ways the hub ends one of its subscriptions.
 */
public interface Subscriber extends Delivery {

  /** The subscriber's login, or null when anonymous. */
  String login();

  /** The hub ended this connection's subscription to {@code channel} because access was lost. */
  void revoked(String channel);

  /**
   * The replay of {@code channel} could not be completed (retention removed events while it was
   * read) and its subscription has ended; the client should subscribe again with {@code since}.
   */
  default void replayFailed(String channel) {}
}
