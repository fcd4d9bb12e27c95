package dev.tidings.plugin.broker;

import dev.tidings.plugin.log.ChannelEvent;
import java.util.function.Consumer;

/**
 * Carries committed events to the hubs that fan them out: in-process now; a Redis or PostgreSQL
 * implementation can later connect several nodes without changing the hub or the log.
 */
public interface Broker {

  /** Publishes a committed event to every node (this one included). */
  void publish(ChannelEvent event);

  /** Registers this node's receiver of published events (the hub); called once at start. */
  void onEvent(Consumer<ChannelEvent> receiver);

  /**
   * Registers what this node does when the broker learns it lost live events it cannot name (a
   * node that fell behind a trimmed fan-out): the hub makes every local subscriber resume from the
   * log. The in-process broker never loses events, so by default nothing is registered.
   */
  default void onLoss(Runnable resync) {}
}
