package dev.tidings.bench.bare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;

/** One WebSocket connection to the bare server: the protocol-v1 subset (subscribe, unsubscribe, ping). */
public final class BareConnection implements Session.Listener.AutoDemanding {

  /** Close code for a consumer that fell too far behind (resumable, as in Tidings' 4000-4499 range). */
  static final int SLOW_CONSUMER = 4000;

  private final BareServer server;
  private final ObjectMapper json;
  private final int maxQueued;
  private final Set<BareChannel> channels = ConcurrentHashMap.newKeySet();
  private volatile Session session;
  private volatile Outbound outbound;

  BareConnection(BareServer server, ObjectMapper json, int maxQueued) {
    this.server = server;
    this.json = json;
    this.maxQueued = maxQueued;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    this.outbound = new Outbound(((WebSocketSession) session).getCoreSession(), maxQueued, this::slowConsumer);
  }

  @Override
  public void onWebSocketText(String message) {
    JsonNode cmd;
    try {
      cmd = json.readTree(message);
    } catch (Exception e) {
      sendText("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"not JSON\"}");
      return;
    }
    String type = cmd.path("type").asText("");
    String channel = cmd.path("channel").asText("");
    switch (type) {
      case "subscribe" -> {
        JsonNode since = cmd.get("since");
        BareChannel c = server.channel(channel);
        channels.add(c);
        String epoch = since == null ? null : since.path("epoch").asText();
        long offset = since == null ? 0 : since.path("offset").asLong();
        server.dispatcher().submit((Runnable) () -> c.subscribe(this, epoch, offset, since != null));
      }
      case "unsubscribe" -> {
        BareChannel c = server.existingChannel(channel);
        if (c != null) {
          channels.remove(c);
          server.dispatcher().submit((Runnable) () -> c.unsubscribe(this));
        }
        sendText("{\"type\":\"unsubscribed\",\"channel\":" + BareJson.quote(channel) + "}");
      }
      case "ping" -> sendText("{\"type\":\"pong\"}");
      default -> sendText("{\"type\":\"error\",\"code\":\"unknown_type\",\"message\":\"unknown type\"}");
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    closed();
    callback.succeed();
  }

  private void closed() {
    for (BareChannel c : channels) {
      server.dispatcher().submit((Runnable) () -> c.unsubscribe(this));
    }
    channels.clear();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closed();
  }

  void send(ByteBuffer shared) {
    Outbound o = outbound;
    if (o != null) {
      o.offer(shared);
    }
  }

  /** Queues without writing; the dispatcher flushes every touched connection once per round. */
  boolean sendDeferred(ByteBuffer shared) {
    Outbound o = outbound;
    return o != null && o.offerDeferred(shared);
  }

  void replay(java.util.List<ByteBuffer> frames) {
    Outbound o = outbound;
    if (o != null) {
      o.offerReplay(frames);
    }
  }

  void flush() {
    Outbound o = outbound;
    if (o != null) {
      o.flush();
    }
  }

  void sendText(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    send(ByteBuffer.wrap(b));
  }

  private void slowConsumer() {
    closed();
    Session s = session;
    if (s != null) {
      s.close(SLOW_CONSUMER, "slow consumer", Callback.NOOP);
    }
  }
}
