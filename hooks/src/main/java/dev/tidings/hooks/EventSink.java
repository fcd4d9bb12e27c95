package dev.tidings.hooks;

/**
 * Takes events from hooks and listeners; implementations must not block the caller (a push's
 * HTTP thread): queue the event and return.
 */
@FunctionalInterface
public interface EventSink {

  /** Hands over one event for storage and fan-out. */
  void accept(TidingsEvent event);
}
