package dev.tidings.plugin.ws;

import dev.tidings.plugin.access.HandshakeGuard;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.WebSocketEndpoint;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * The WebSocket handshake at {@code /plugins/tidings/ws}: authenticates (bad credentials: HTTP 401,
 * cookie from a foreign origin: HTTP 403, both with a JSON body), refuses every extension
 * (permessage-deflate costs memory and CPU per connection and invites compression side channels),
 * and sets the container's limits and timeouts.
 */
@Singleton
public final class WsUpgrade implements WebSocketCreator, WebSocketEndpoint {

  /** The path of the endpoint inside the plugin's context. */
  public static final String PATH = "/ws";

  private final HandshakeGuard guard;
  private final SessionContext context;

  /** A creator for connections sharing {@code context}. */
  @Inject
  public WsUpgrade(HandshakeGuard guard, SessionContext context) {
    this.guard = guard;
    this.context = context;
  }

  /** Applies the settings to the plugin's WebSocket container and maps {@link #PATH}. */
  @Override
  public void configure(ServerWebSocketContainer container) {
    HubSettings s = context.settings();
    container.setIdleTimeout(s.wsIdleTimeout());
    // Jetty closes with 1009 above twice the limit; between the limit and that, the connection
    // answers message_too_large first and then closes with 1009 (see ClientSession).
    container.setMaxTextMessageSize(2L * s.wsMaxMessageBytes());
    container.setMaxBinaryMessageSize(1024);
    container.setMaxOutgoingFrames(-1);
    container.addMapping(PATH, this);
  }

  @Override
  public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    Admission admission = guard.admit(request, true);
    if (!admission.admitted()) {
      context.metrics().rejected(admission.code());
      JsonResponses.error(response, callback, admission.status(), admission.code(), admission.message());
      return null;
    }
    response.setExtensions(List.of());
    return new WsConnection(context, admission.identity(), Request.getRemoteAddr(request));
  }
}
