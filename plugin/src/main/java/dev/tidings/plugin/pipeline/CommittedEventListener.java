package dev.tidings.plugin.pipeline;

import dev.tidings.hooks.TidingsEvent;

/**
 * Told about every repository event after it is committed to the log and published to the broker;
 * contributed through {@code Multibinder.newSetBinder(binder(), CommittedEventListener.class)}.
 *
 * <p>Listeners are called one event at a time, in commit order, on the single
 * {@code tidings-committed} thread (never the log's writer thread), so they may write to the
 * {@link dev.tidings.plugin.store.Database} and wait for it. A listener that throws is logged and
 * the next one still runs.
 */
@FunctionalInterface
public interface CommittedEventListener {

  /** Handles one committed event. */
  void onCommitted(TidingsEvent event);
}
