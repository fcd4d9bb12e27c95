package dev.tidings.plugin.poll;

import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.HandshakeGuard;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.hub.ChannelRequest;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.hub.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /plugins/tidings/poll?channel=..&cursor=..&timeout=25}: answers at once when events
 * after the cursor are waiting, otherwise holds (asynchronously, up to {@code poll.maxTimeout})
 * until one arrives or the timeout passes; the answer carries the events and the next cursor.
 */
@Singleton
public final class PollRoute implements PluginRoute {

  /** The path inside the plugin's context. */
  public static final String PATH = "/poll";

  private static final Logger log = LoggerFactory.getLogger(PollRoute.class);

  private final HandshakeGuard guard;
  private final ChannelAuthorizer authorizer;
  private final Hub hub;
  private final Connections connections;
  private final HubSettings settings;
  private final HubMetrics metrics;
  private final HubTimer timer;

  /** The route over the shared hub. */
  @Inject
  public PollRoute(HandshakeGuard guard, ChannelAuthorizer authorizer, Hub hub, Connections connections,
      HubSettings settings, HubMetrics metrics, HubTimer timer) {
    this.guard = guard;
    this.authorizer = authorizer;
    this.hub = hub;
    this.connections = connections;
    this.settings = settings;
    this.metrics = metrics;
    this.timer = timer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    if (!"GET".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      JsonResponses.error(response, callback, 405, "bad_request", "Use GET");
      return true;
    }
    Admission admission = guard.admit(request, false);
    if (!admission.admitted()) {
      metrics.rejected(admission.code());
      JsonResponses.error(response, callback, admission.status(), admission.code(), admission.message());
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    Duration timeout;
    try {
      String t = query.getValue("timeout");
      timeout = t == null || t.isBlank() ? settings.pollDefaultTimeout() : Duration.ofSeconds(Long.parseLong(t.trim()));
      if (timeout.isNegative() || timeout.compareTo(settings.pollMaxTimeout()) > 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      metrics.rejected("bad_request");
      JsonResponses.error(response, callback, 400, "bad_request",
          "timeout must be a whole number of seconds from 0 to " + settings.pollMaxTimeout().toSeconds());
      return true;
    }
    String login = admission.identity().login();
    ChannelRequest wanted = ChannelRequest.of(query.getValues("channel"), query.getValue("cursor"), login, authorizer, settings);
    if (!wanted.ok()) {
      metrics.rejected(wanted.error().code());
      JsonResponses.error(response, callback, wanted.status(), wanted.error().code(), wanted.message());
      return true;
    }
    PollWaiter waiter = new PollWaiter(login, response, callback, hub, settings.queueMaxMessages());
    Connections.Lease lease = connections.tryOpen(waiter, login, Request.getRemoteAddr(request));
    if (lease == null) {
      metrics.rejected("too_many_connections");
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
      JsonResponses.error(response, callback, 429, "too_many_connections", "Too many open connections for this user or address");
      return true;
    }
    waiter.lease = lease;
    // Answer on the timer thread, not the hub's fan-out thread.
    waiter.wake = () -> timer.schedule(waiter::answer, Duration.ZERO);
    request.addIdleTimeoutListener(t -> false);
    request.addFailureListener(waiter::abandon);
    try {
      for (ChannelRequest.Wanted w : wanted.channels()) {
        waiter.add(hub.subscribe(waiter, w.channel(), w.since(), waiter::started));
      }
    } catch (RuntimeException e) {
      log.error("Starting a long-poll failed", e);
      waiter.abandon(e);
      JsonResponses.error(response, callback, 500, "internal", "The server could not read the event log; try again");
      return true;
    }
    if (waiter.holdOrAnswer()) {
      if (timeout.isZero()) {
        waiter.answer();
      } else {
        waiter.timeout = timer.schedule(waiter::answer, timeout);
        if (waiter.timeout == null) {
          waiter.answer();
        }
      }
    }
    return true;
  }
}
