package dev.tidings.plugin.sse;

import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.hub.ChannelRequest;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HttpGate;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.hub.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.Replies;
import dev.tidings.plugin.hub.ReplayHold;
import dev.tidings.plugin.hub.SubscribeStart;
import dev.tidings.plugin.hub.Subscribing;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /plugins/tidings/events?channel=..&channel=..}: a Server-Sent Events stream of the
 * channels, resumed from {@code Last-Event-ID} (or {@code ?cursor=}); no thread is held while it
 * is open.
 */
@Singleton
public final class SseRoute implements PluginRoute {

  /** The path inside the plugin's context. */
  public static final String PATH = "/events";

  private static final Logger log = LoggerFactory.getLogger(SseRoute.class);

  private final HttpGate gate;
  private final Hub hub;
  private final HubSettings settings;
  private final HubMetrics metrics;
  private final HubTimer timer;
  private final CredentialWatcher credentials;

  /** The route over the shared hub. */
  @Inject
  public SseRoute(HttpGate gate, Hub hub, HubSettings settings, HubMetrics metrics, HubTimer timer,
      CredentialWatcher credentials) {
    this.credentials = credentials;
    this.gate = gate;
    this.hub = hub;
    this.settings = settings;
    this.metrics = metrics;
    this.timer = timer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    Admission admission = gate.admit(request, response, callback);
    if (admission == null) {
      return true;
    }
    // A public-only token streams as an anonymous client (ChannelScopes.reader).
    String login = ChannelScopes.reader(admission.identity());
    Fields query = Request.extractQueryParameters(request);
    String cursor = request.getHeaders().get("Last-Event-ID");
    if (cursor == null || cursor.isBlank()) {
      cursor = query.getValue("cursor");
    }
    List<ChannelRequest.Wanted> wanted = gate.channels(query.getValues("channel"), cursor, admission.identity(), response, callback);
    if (wanted == null) {
      return true;
    }
    Map<String, ChannelPosition> resume = new LinkedHashMap<>();
    for (ChannelRequest.Wanted w : wanted) {
      if (w.since() != null) {
        resume.put(w.channel().name(), w.since());
      }
    }
    SseStream stream = new SseStream(login, response, callback, hub, settings, metrics, resume);
    // A resume is checked against the replay budget before anything is answered.
    ReplayHold hold = null;
    if (!resume.isEmpty()) {
      hold = hub.holdReplays(stream, Request.getRemoteAddr(request));
      if (hold == null) {
        gate.refuseReplay(response, callback);
        return true;
      }
    }
    try {
      return start(request, response, callback, stream, admission, login, wanted);
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
  }

  private boolean start(Request request, Response response, Callback callback, SseStream stream, Admission admission,
      String login, List<ChannelRequest.Wanted> wanted) {
    Connections.Lease lease = gate.open(stream, login, request, response, callback);
    if (lease == null) {
      return true;
    }
    stream.lease = lease;
    stream.watch = credentials.watch(admission.identity(), stream);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-store");
    response.getHeaders().put("X-Accel-Buffering", "no");
    // Our heartbeats keep the stream alive; the connector's idle timeout must not end it.
    request.addIdleTimeoutListener(timeout -> false);
    request.addFailureListener(stream::finish);
    try {
      for (ChannelRequest.Wanted w : wanted) {
        Subscribing starting = hub.subscribe(stream, w.channel(), w.since());
        SubscribeStart start = starting.start();
        stream.send(new Outgoing(Replies.subscribed(start, null), start.channel(), start.epoch(), start.standsAt()));
        stream.add(hub.begin(starting));
      }
    } catch (RuntimeException e) {
      log.error("Starting an SSE stream failed", e);
      stream.finish(e);
      return true;
    }
    stream.heartbeat = timer.every(stream::heartbeat, settings.sseHeartbeat());
    // Sends the headers and the retry hint now even when nothing else is queued.
    stream.heartbeat();
    return true;
  }
}
