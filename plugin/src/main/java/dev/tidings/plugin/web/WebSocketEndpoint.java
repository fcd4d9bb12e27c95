package dev.tidings.plugin.web;

import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** The WebSocket transport as the web mount sees it: it maps itself into the plugin's container. */
public interface WebSocketEndpoint {

  /** Applies the transport's limits to {@code container} and maps its path. */
  void configure(ServerWebSocketContainer container);

  /** Registers the transport's own extensions in the plugin context's registry, before any upgrade. */
  void registerExtensions(WebSocketExtensionRegistry registry);
}
