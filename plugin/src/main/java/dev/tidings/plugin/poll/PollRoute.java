package dev.tidings.plugin.poll;

import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.hub.ChannelRequest;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HttpGate;
import dev.tidings.plugin.hub.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import dev.tidings.plugin.hub.ReplayHold;
import dev.tidings.plugin.hub.Subscribing;
import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
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

  private final HttpGate gate;
  private final Hub hub;
  private final HubSettings settings;
  private final HubTimer timer;
  private final CredentialWatcher credentials;

  /** The route over the shared hub. */
  @Inject
  public PollRoute(HttpGate gate, Hub hub, HubSettings settings, HubTimer timer, CredentialWatcher credentials) {
    this.credentials = credentials;
    this.gate = gate;
    this.hub = hub;
    this.settings = settings;
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
    Fields query = Request.extractQueryParameters(request);
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
    // A public-only token polls as an anonymous client (ChannelScopes.reader).
    String login = ChannelScopes.reader(admission.identity());
    List<ChannelRequest.Wanted> wanted = gate.channels(query.getValues("channel"), query.getValue("cursor"),
        admission.identity(),
        response, callback);
    if (wanted == null) {
      return true;
    }
    PollWaiter waiter = new PollWaiter(login, response, callback, hub, settings.queueMaxMessages(), settings.queueMaxBytes());
    // A resume is checked against the replay budget before anything is answered.
    ReplayHold hold = null;
    if (wanted.stream().anyMatch(w -> w.since() != null)) {
      hold = hub.holdReplays(waiter, Request.getRemoteAddr(request));
      if (hold == null) {
        gate.refuseReplay(response, callback);
        return true;
      }
    }
    try {
      start(request, response, callback, waiter, admission, login, wanted, timeout);
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
    return true;
  }

  private void start(Request request, Response response, Callback callback, PollWaiter waiter, Admission admission,
      String login, List<ChannelRequest.Wanted> wanted, Duration timeout) {
    Connections.Lease lease = gate.open(waiter, login, request, response, callback);
    if (lease == null) {
      return;
    }
    waiter.lease = lease;
    waiter.watch = credentials.watch(admission.identity(), waiter);
    // Answer on the timer thread, not the hub's fan-out thread.
    waiter.wake = () -> timer.schedule(waiter::answer, Duration.ZERO);
    request.addIdleTimeoutListener(t -> false);
    request.addFailureListener(waiter::abandon);
    try {
      for (ChannelRequest.Wanted w : wanted) {
        Subscribing starting = hub.subscribe(waiter, w.channel(), w.since());
        waiter.started(starting.start());
        waiter.add(hub.begin(starting));
      }
    } catch (RuntimeException e) {
      log.error("Starting a long-poll failed", e);
      waiter.abandon(e);
      JsonResponses.error(response, callback, 500, "internal", "The server could not read the event log; try again");
      return;
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
  }
}
