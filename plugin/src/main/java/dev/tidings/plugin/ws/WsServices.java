package dev.tidings.plugin.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.hub.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** What every WebSocket connection needs, injected once and shared. */
@Singleton
public final class WsServices {

  final Hub hub;
  final ChannelAuthorizer authorizer;
  final Connections connections;
  final HubSettings settings;
  final HubMetrics metrics;
  final HubTimer timer;
  final ObjectMapper json;
  final CredentialWatcher credentials;
  /** {@code ws.maxForbidden}: refused subscribes (forbidden/unauthenticated) a connection may collect before it is closed (4031). */
  final int maxForbidden;

  /** Collects the shared parts. */
  @Inject
  public WsServices(Hub hub, ChannelAuthorizer authorizer, Connections connections, HubSettings settings,
      HubMetrics metrics, HubTimer timer, ObjectMapper json, CredentialWatcher credentials, TidingsConfig config) {
    this.hub = hub;
    this.authorizer = authorizer;
    this.connections = connections;
    this.settings = settings;
    this.metrics = metrics;
    this.timer = timer;
    this.json = json;
    this.credentials = credentials;
    this.maxForbidden = config.getInt("ws.maxForbidden", 100);
    if (maxForbidden < 1) {
      throw new IllegalArgumentException("tidings setting ws.maxForbidden must be positive, not " + maxForbidden);
    }
  }
}
