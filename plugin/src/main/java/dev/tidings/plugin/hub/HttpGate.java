package dev.tidings.plugin.hub;

import dev.samplehost.api.Identity;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.HandshakeGuard;
import dev.tidings.plugin.access.HandshakeGuard.Admission;
import dev.tidings.plugin.web.JsonResponses;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The checks every plain-HTTP subscriber (SSE stream, long-poll) passes, in order: GET only, the
 * handshake (credentials, origin), the requested channels, the connection limits. Each step that
 * refuses has already answered with the JSON error and counted it, so the route only returns.
 */
@Singleton
public final class HttpGate {

  private final HandshakeGuard guard;
  private final ChannelAuthorizer authorizer;
  private final Connections connections;
  private final HubSettings settings;
  private final HubMetrics metrics;

  /** A gate over the shared guard, authorizer and connection registry. */
  @Inject
  public HttpGate(HandshakeGuard guard, ChannelAuthorizer authorizer, Connections connections, HubSettings settings,
      HubMetrics metrics) {
    this.guard = guard;
    this.authorizer = authorizer;
    this.connections = connections;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** The admission of a GET request, or null when it was refused (405, 400, 401 or 403 answered). */
  public Admission admit(Request request, Response response, Callback callback) {
    if (!"GET".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      JsonResponses.error(response, callback, 405, "bad_request", "Use GET");
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
  public List<ChannelRequest.Wanted> channels(List<String> names, String cursor, Identity identity, Response response,
      Callback callback) {
    ChannelRequest wanted = ChannelRequest.of(names, cursor, ChannelScopes.reader(identity), identity.scopes(),
        authorizer, settings);
    if (!wanted.ok()) {
      refuse(response, callback, wanted.status(), wanted.error().code(), wanted.message());
      return null;
    }
    return wanted.channels();
  }

  /** The connection's lease, or null when its user or address is at the limit (429 answered). */
  public Connections.Lease open(Connection connection, String login, Request request, Response response,
      Callback callback) {
    Connections.Lease lease = connections.tryOpen(connection, login, Request.getRemoteAddr(request));
    if (lease == null) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
      refuse(response, callback, 429, "too_many_connections", "Too many open connections for this user or address, or anonymous connections on this server");
    }
    return lease;
  }

  /** Answers a resume refused by the replay budget: 429 {@code rate_limited} with {@code Retry-After}. */
  public void refuseReplay(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(ReplayRefusedException.RETRY_AFTER_SECONDS));
    refuse(response, callback, 429, ErrorCode.RATE_LIMITED.code(), new ReplayRefusedException().getMessage());
  }

  /** Counts and answers a refusal that is the client's fault. */
  public void refuse(Response response, Callback callback, int status, String code, String message) {
    metrics.rejected(code);
    JsonResponses.error(response, callback, status, code, message);
  }
}
