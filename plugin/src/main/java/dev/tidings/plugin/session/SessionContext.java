package dev.tidings.plugin.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import dev.tidings.plugin.presence.Presence;

/**
 * What every session and transport adapter needs, built once and shared (one reference per
 * connection instead of one per service: idle connections add up). {@code maxForbidden} is
 * {@code ws.maxForbidden}: refused subscribes (forbidden/unauthenticated) a connection may collect
 * before it is closed (4031). {@code presence} is null where presence is not offered.
 */
public record SessionContext(Hub hub, ChannelChecks checks, Connections connections, HubSettings settings,
    HubMetrics metrics, HubTimer timer, ObjectMapper json, CredentialWatcher credentials, int maxForbidden,
    Presence presence) {

  /** A context without presence: presence channels are answered {@code bad_channel}. */
  public SessionContext(Hub hub, ChannelChecks checks, Connections connections, HubSettings settings,
      HubMetrics metrics, HubTimer timer, ObjectMapper json, CredentialWatcher credentials, int maxForbidden) {
    this(hub, checks, connections, settings, metrics, timer, json, credentials, maxForbidden, null);
  }

  /** Checks {@code maxForbidden}. */
  public SessionContext {
    if (maxForbidden < 1) {
      throw new IllegalArgumentException("tidings setting ws.maxForbidden must be positive, not " + maxForbidden);
    }
  }
}
