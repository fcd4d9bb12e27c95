package dev.tidings.plugin.sse;

import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.session.SubscribeRequest;
import dev.tidings.plugin.transport.http.HttpGate;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /plugins/tidings/events?channel=..&channel=..}: a Server-Sent Events stream of the
 * channels, resumed from {@code Last-Event-ID} (or {@code ?cursor=}); no thread is held while it
 * is open.
 */
@Singleton
public final class SseRoute implements PluginRoute {

  /** The path inside the plugin's context. */
  public static final String PATH = "/events";

  private final HttpGate gate;
  private final SessionContext context;

  /** The route over the shared gate and sessions. */
  @Inject
  public SseRoute(HttpGate gate, SessionContext context) {
    this.gate = gate;
    this.context = context;
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
    Fields query = Request.extractQueryParameters(request);
    String cursor = request.getHeaders().get("Last-Event-ID");
    if (cursor == null || cursor.isBlank()) {
      cursor = query.getValue("cursor");
    }
    List<SubscribeRequest> wanted = gate.channels(query.getValues("channel"), cursor, admission.identity(), response, callback);
    if (wanted == null) {
      return true;
    }
    Map<String, ChannelPosition> resume = new LinkedHashMap<>();
    for (SubscribeRequest w : wanted) {
      if (w.since() != null) {
        resume.put(w.channel().name(), w.since());
      }
    }
    SseFrameSink sink = new SseFrameSink(context, admission.identity(), Request.getRemoteAddr(request), response, callback,
        resume);
    gate.start(sink, wanted, request, response, callback);
    return true;
  }
}
