package dev.tidings.plugin.web;

import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** The WebSocket transport as the web mount sees it: it maps itself into the plugin's container. */
public interface WebSocketEndpoint {

  /** Applies the transport's limits to {@code container} and maps its path. */
  void configure(ServerWebSocketContainer container);
}
