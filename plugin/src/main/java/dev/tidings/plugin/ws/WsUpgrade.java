package dev.tidings.plugin.ws;

import dev.tidings.plugin.access.HandshakeGuard;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.session.ProtocolVersions;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.ProblemCode;
import dev.tidings.plugin.web.WebSocketEndpoint;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * The WebSocket handshake at {@code /plugins/tidings/ws}: picks the protocol version from the
 * offered subprotocols (only unsupported ones: HTTP 400 {@code unsupported_version}),
 * authenticates (bad credentials: HTTP 401, cookie from a foreign origin: HTTP 403, all with a JSON
 * body), negotiates permessage-deflate whenever the client offers it (unless {@code ws.deflate=false};
 * each event is compressed once for all connections, {@link SharedDeflateExtension}), and sets the
 * container's limits and timeouts.
 */
@Singleton
public final class WsUpgrade implements WebSocketCreator, WebSocketEndpoint {

  /** The path of the endpoint inside the plugin's context. */
  public static final String PATH = "/ws";

  // No context takeover either way: every message is compressed on its own, so a connection holds
  // no zlib state between messages (Jetty returns the Deflater to its shared pool after each
  // message), and one message's bytes cannot serve as a dictionary for another's (no cross-message
  // compression side channel).
  private static final String DEFLATE = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

  private final HandshakeGuard guard;
  private final SessionContext context;
  private final boolean deflateConfigured;
  // Set once the plugin's extension registry maps permessage-deflate to SharedDeflateExtension:
  // WsFrames' pre-compressed frames must never meet an extension that compresses them again.
  private volatile boolean deflate;

  /** A creator for connections sharing {@code context}; {@code ws.deflate} (default true) from {@code config}. */
  @Inject
  public WsUpgrade(HandshakeGuard guard, SessionContext context, TidingsConfig config) {
    this.guard = guard;
    this.context = context;
    this.deflateConfigured = config.getBoolean("ws.deflate", true);
  }

  @Override
  public void registerExtensions(WebSocketExtensionRegistry registry) {
    if (!deflateConfigured) {
      return;
    }
    registry.register(SharedDeflateExtension.NAME, SharedDeflateExtension.class);
    deflate = registry.getExtension(SharedDeflateExtension.NAME) == SharedDeflateExtension.class;
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
    List<String> offered = request.getSubProtocols();
    String protocol = ProtocolVersions.select(offered);
    if (protocol == null) {
      // Checked before the credentials: a client that cannot speak with us learns it at once.
      context.metrics().rejected(ProtocolVersions.UNSUPPORTED);
      response.getHeaders().put(ProtocolVersions.HEADER, String.join(", ", ProtocolVersions.SUPPORTED));
      JsonResponses.error(response, callback, 400, ProblemCode.UNSUPPORTED_VERSION.code(), ProtocolVersions.refusal(offered));
      return null;
    }
    Admission admission = guard.admit(request, true);
    if (!admission.admitted()) {
      context.metrics().rejected(admission.code());
      JsonResponses.error(response, callback, admission.status(), admission.code(), admission.message());
      return null;
    }
    boolean negotiated = !offered.isEmpty();
    if (negotiated) {
      response.setAcceptedSubProtocol(protocol);
    }
    response.getHeaders().put(ProtocolVersions.HEADER, protocol);
    boolean offersDeflate = request.getExtensions().stream().anyMatch(e -> SharedDeflateExtension.NAME.equals(e.getName()));
    response.setExtensions(deflate && offersDeflate ? List.of(ExtensionConfig.parse(DEFLATE)) : List.of());
    return new WsConnection(context, admission.identity(), Request.getRemoteAddr(request), negotiated ? protocol : null);
  }
}
