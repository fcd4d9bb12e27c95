package dev.tidings.plugin.ws;

import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Singleton;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answers a plain HTTP request to the WebSocket path (no upgrade) with 426 and a hint. */
@Singleton
public final class WsPlainRequestRoute implements PluginRoute {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!WsUpgrade.PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
    JsonResponses.error(response, callback, 426, "bad_request",
        "This is the Tidings WebSocket endpoint: connect with a WebSocket client (see docs/protocol.md), or use /events (SSE) or /poll");
    return true;
  }
}
