package dev.tidings.plugin.poll;

import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.session.SessionContext;
import dev.tidings.plugin.session.SubscribeRequest;
import dev.tidings.plugin.transport.http.HttpGate;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /plugins/tidings/poll?channel=..&cursor=..&timeout=25}: answers at once when events
 * after the cursor are waiting, otherwise holds (asynchronously, up to {@code poll.maxTimeout})
 * until one arrives or the timeout passes; the answer carries the events and the next cursor.
 */
@Singleton
public final class PollRoute implements PluginRoute {

  /** The path inside the plugin's context. */
  public static final String PATH = "/poll";

  private final HttpGate gate;
  private final SessionContext context;

  /** The route over the shared gate and sessions. */
  @Inject
  public PollRoute(HttpGate gate, SessionContext context) {
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
    HubSettings settings = context.settings();
    Duration timeout;
    try {
      String t = query.getValue("timeout");
      timeout = t == null || t.isBlank() ? settings.pollDefaultTimeout() : Duration.ofSeconds(Long.parseLong(t.trim()));
      if (timeout.isNegative() || timeout.compareTo(settings.pollMaxTimeout()) > 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      gate.refuse(response, callback, 400, "bad_request",
          "timeout must be a whole number of seconds from 0 to " + settings.pollMaxTimeout().toSeconds());
      return true;
    }
    List<SubscribeRequest> wanted = gate.channels(query.getValues("channel"), query.getValue("cursor"),
        admission.identity(), response, callback);
    if (wanted == null) {
      return true;
    }
    PollBatchSink sink = new PollBatchSink(context, admission.identity(), Request.getRemoteAddr(request), response,
        callback, timeout);
    gate.start(sink, wanted, request, response, callback);
    return true;
  }
}
