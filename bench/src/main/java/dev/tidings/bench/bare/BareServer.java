package dev.tidings.bench.bare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A minimal Jetty 12 WebSocket broadcast server with Tidings' URLs and message shapes, the baseline every
 * Tidings figure is compared with: no log, no authorisation, one shared frame per event.
 */
public final class BareServer {

  /** Same paths as the Tidings plugin, so the load client only changes the port. */
  public static final String WS_PATH = "/plugins/tidings/ws";
  public static final String PUBLISH_PATH = "/plugins/tidings/api/publish";

  private final ObjectMapper json = new ObjectMapper();
  private final ConcurrentHashMap<String, BareChannel> channels = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Dispatcher dispatcher = new Dispatcher();
  private final int historySize;
  private final int maxQueued;
  private Server server;

  public BareServer(int historySize, int maxQueued) {
    this.historySize = historySize;
    this.maxQueued = maxQueued;
  }

  /** Starts on the given address and port (0 = any free port) and returns the bound port. */
  public int start(String bind, int port) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("bare");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(bind);
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);

    ContextHandler ws = new ContextHandler(WS_PATH);
    ws.setAllowNullPathInContext(true);
    WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, ws, container -> {
      container.setIdleTimeout(Duration.ofMinutes(10));
      container.setMaxTextMessageSize(64 * 1024);
      // permessage-deflate stays off, as in Tidings.
      container.addMapping("/*", (req, resp, cb) -> {
        resp.setExtensions(java.util.List.of());
        return new BareConnection(this, json, maxQueued);
      });
    });
    ws.setHandler(upgrade);

    ContextHandler publish = new ContextHandler(PUBLISH_PATH);
    publish.setAllowNullPathInContext(true);
    publish.setHandler(new PublishHandler());

    server.setHandler(new ContextHandlerCollection(ws, publish));
    dispatcher.start();
    server.start();
    return connector.getLocalPort();
  }

  public void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    dispatcher.stop();
  }

  BareChannel channel(String name) {
    return channels.computeIfAbsent(name, n -> new BareChannel(n, historySize, dispatcher));
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  BareChannel existingChannel(String name) {
    return channels.get(name);
  }

  /** A 26-character id like a ULID, so envelopes have the same size as Tidings'. */
  private String nextId() {
    String n = Long.toString(ids.incrementAndGet(), 32).toUpperCase();
    return "01J" + "0".repeat(Math.max(0, 23 - n.length())) + n;
  }

  /** POST {"channel","event","data"}: same JSON as Tidings' publish API; answers {"channel","offset"}. */
  private final class PublishHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (!HttpMethod.POST.is(request.getMethod())) {
        reply(response, callback, 405, "{\"message\":\"use POST\"}");
        return true;
      }
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      JsonNode node;
      try {
        node = json.readTree(body);
      } catch (Exception e) {
        reply(response, callback, 400, "{\"message\":\"body is not JSON\"}");
        return true;
      }
      String channel = node.path("channel").asText("");
      String event = node.path("event").asText("");
      JsonNode data = node.get("data");
      if (channel.isEmpty() || event.isEmpty()) {
        reply(response, callback, 400, "{\"message\":\"channel and event are required\"}");
        return true;
      }
      long offset = channel(channel).publish(event, nextId(), data == null ? "null" : json.writeValueAsString(data));
      reply(response, callback, 201, "{\"channel\":" + BareJson.quote(channel) + ",\"offset\":" + offset
          + ",\"epoch\":\"" + BareChannel.EPOCH + "\"}");
      return true;
    }

    private void reply(Response response, Callback callback, int status, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
  }
}
