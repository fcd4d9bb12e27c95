package dev.tidings.plugin.session;

import dev.tidings.plugin.hub.Hub;

import dev.tidings.plugin.ops.HealthCheck;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The hub is healthy while its fan-out thread runs. Registered here, above the hub, so that the hub
 * does not depend on the operations package (whose routes depend on the web mount).
 */
@Singleton
public final class HubHealth implements HealthCheck {

  private final Hub hub;

  /** Watches {@code hub}. */
  @Inject
  public HubHealth(Hub hub) {
    this.hub = hub;
  }

  @Override
  public String name() {
    return "hub";
  }

  @Override
  public boolean healthy() {
    return hub.running();
  }
}
