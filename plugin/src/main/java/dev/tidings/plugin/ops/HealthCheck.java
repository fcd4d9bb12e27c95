package dev.tidings.plugin.ops;

/**
 * One part's answer to "are you alive?" for {@code /plugins/tidings/health}; contributed through
 * {@code Multibinder.newSetBinder(binder(), HealthCheck.class)}. Must be cheap and never block.
 */
public interface HealthCheck {

  /** Short stable name shown in the health document, e.g. {@code log-writer} or {@code hub}. */
  String name();

  /** Whether the part works right now. */
  boolean healthy();
}
