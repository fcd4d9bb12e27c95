package dev.tidings.plugin.transport.http;

import dev.samplehost.api.Identity;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.HandshakeGuard;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.hub.ReplayHold;
import dev.tidings.plugin.hub.ReplayRefusedException;
import dev.tidings.plugin.session.ChannelChecks;
import dev.tidings.plugin.session.ClientSession;
import dev.tidings.plugin.session.SubscribeRequest;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.ProblemCode;
import dev.tidings.plugin.session.ProtocolVersions;
import dev.tidings.plugin.web.JsonResponses;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The steps every plain-HTTP subscriber (SSE stream, long-poll) goes through, in order: GET only,
 * the handshake (credentials, origin), the requested channels, the replay budget, the connection
 * limits, then its session subscribes. Each step that refuses answers with the JSON error and
 * counts it, so the route only returns.
 */
@Singleton
public final class HttpGate {

  private final HandshakeGuard guard;
  private final ChannelChecks checks;
  private final HubSettings settings;
  private final HubMetrics metrics;

  /** A gate over the shared guard and channel checks. */
  @Inject
  public HttpGate(HandshakeGuard guard, ChannelChecks checks, HubSettings settings, HubMetrics metrics) {
    this.guard = guard;
    this.checks = checks;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** The admission of a GET request, or null when it was refused (405, 400, 401 or 403 answered). */
  public Admission admit(Request request, Response response, Callback callback) {
    String asked = request.getHeaders().get(ProtocolVersions.HEADER);
    String version = asked == null ? ProtocolVersions.V1 : ProtocolVersions.select(List.of(asked.split(",")));
    if (version == null) {
      response.getHeaders().put(ProtocolVersions.HEADER, String.join(", ", ProtocolVersions.SUPPORTED));
      refuse(response, callback, 400, ProblemCode.UNSUPPORTED_VERSION.code(), ProtocolVersions.refusal(List.of(asked.split(","))));
      return null;
    }
    response.getHeaders().put(ProtocolVersions.HEADER, version);
    if (!"GET".equals(request.getMethod())) {
      // method_not_allowed with Allow, as every other route of the plugin answers a wrong method.
      JsonResponses.problem(response, callback, HttpProblem.methodNotAllowed("GET", "Use GET"));
      return null;
    }
    Admission admission = guard.admit(request, false);
    if (!admission.admitted()) {
      refuse(response, callback, admission.status(), admission.code(), admission.message());
      return null;
    }
    return admission;
  }

  /** The parsed and authorised channels, or null when they were refused (the error answered). */
  public List<SubscribeRequest> channels(List<String> names, String cursor, Identity identity, Response response,
      Callback callback) {
    ChannelRequest wanted = ChannelRequest.of(names, cursor, ChannelScopes.reader(identity), identity.scopes(), checks,
        settings.maxSubscriptions());
    if (!wanted.ok()) {
      refuse(response, callback, wanted.status(), wanted.error().code(), wanted.message());
      return null;
    }
    return wanted.channels();
  }

  /**
   * Starts {@code stream}'s session on {@code wanted}: a resume first takes a place in the replay
   * budget (else 429 {@code rate_limited}), then the connection its place within the limits (else
   * 429 {@code too_many_connections}), then the stream prepares its response and every channel is
   * subscribed.
   */
  public void start(HttpStream stream, List<SubscribeRequest> wanted, Request request, Response response,
      Callback callback) {
    ClientSession session = stream.session();
    ReplayHold hold = null;
    if (wanted.stream().anyMatch(w -> w.since() != null)) {
      hold = session.holdReplays();
      if (hold == null) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(ReplayRefusedException.RETRY_AFTER_SECONDS));
        refuse(response, callback, 429, ErrorCode.RATE_LIMITED.code(), new ReplayRefusedException().getMessage());
        return;
      }
    }
    try {
      if (!session.open()) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
        JsonResponses.error(response, callback, 429, "too_many_connections",
            "Too many open connections for this user or address, or anonymous connections on this server");
        return;
      }
      stream.opened(request);
      try {
        session.subscribeAll(wanted);
      } catch (RuntimeException e) {
        stream.startFailed(e);
        return;
      }
      stream.started();
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
  }

  /** Counts and answers a refusal that is the client's fault. */
  public void refuse(Response response, Callback callback, int status, String code, String message) {
    metrics.rejected(code);
    JsonResponses.error(response, callback, status, code, message);
  }
}
