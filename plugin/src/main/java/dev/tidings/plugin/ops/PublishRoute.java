package dev.tidings.plugin.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.web.JsonResponses;
import dev.tidings.plugin.web.PluginRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /plugins/tidings/api/publish}: lets a CI system or bot with write access to a
 * repository publish its own {@code ci.*} or {@code custom.*} event to the repository's channels,
 * through the same log, offsets and fan-out as a push. See docs/publish-api.md.
 */
@Singleton
public final class PublishRoute implements PluginRoute {

  private static final Logger log = LoggerFactory.getLogger(PublishRoute.class);

  /** The route's path inside the plugin's context. */
  public static final String PATH = "/api/publish";

  static final Pattern EVENT_NAME = Pattern.compile("(ci|custom)\\.[a-z0-9_.-]{1,64}");
  private static final Set<String> CORE_PREFIXES =
      Set.of("push", "branch", "tag", "pr", "issue", "repo", "notification", "notifications", "presence",
          "typing", "subscribed", "error", "event", "system", "tidings");

  /** Most bytes of an oversize body read and dropped so the 413 reaches the client. */
  private static final long DRAIN_LIMIT = 1 << 20;

  private final Authenticator authenticator;
  private final AccessControl access;
  private final EventLog eventLog;
  private final ObjectMapper mapper;
  private final int maxDataBytes;
  private final MeterRegistry meters;
  private final Counter accepted;
  private final Directory directory;
  private final PublishLimits limits;

  @Inject
  PublishRoute(Authenticator authenticator, AccessControl access, EventLog eventLog, ObjectMapper mapper,
      TidingsConfig config, MeterRegistry meters, Directory directory) {
    this.authenticator = authenticator;
    this.access = access;
    this.directory = directory;
    this.limits = new PublishLimits(config);
    this.eventLog = eventLog;
    this.mapper = mapper;
    this.maxDataBytes = Math.max(1, config.getInt("publish.maxDataBytes", 16_384));
    this.meters = meters;
    this.accepted = Counter.builder("tidings.publish.accepted")
        .description("Events published through the publish API").register(meters);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    CompletableFuture<ChannelEvent> stored;
    try {
      stored = publish(request);
    } catch (Rejection r) {
      reject(response, callback, r);
      return true;
    }
    // Answered when the log has committed the event, without holding a server thread meanwhile (a
    // stalled disk must not take the host's threads with it). The answer is written on the log's
    // writer thread: Jetty's write of a small body does not block, and handing it to the server's
    // pool measured 10-15% more CPU per publish.
    stored.orTimeout(30, TimeUnit.SECONDS).whenComplete((ce, error) -> {
      if (error == null) {
        accepted.increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", ce.channel());
        body.put("offset", ce.offset());
        body.put("epoch", ce.epoch());
        body.put("id", ce.eventId());
        try {
          JsonResponses.send(response, callback, 201, mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
          callback.failed(e);
        }
        return;
      }
      Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
      if (cause instanceof java.util.concurrent.RejectedExecutionException) {
        log.warn("Publishing refused: {}", cause.getMessage());
      } else if (cause instanceof TimeoutException) {
        log.error("Publishing timed out after 30 s");
      } else {
        log.error("Publishing failed", cause);
      }
      reject(response, callback, new Rejection(503, "unavailable", "The event could not be stored; try again"));
    });
    return true;
  }

  private void reject(Response response, Callback callback, Rejection r) {
    Counter.builder("tidings.publish.rejected").tag("reason", r.reason)
        .description("Publish requests refused, by reason").register(meters).increment();
    if (r.status == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"tidings\", Basic realm=\"tidings\"");
    }
    if (r.status == 405) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
    }
    if (r.retryAfter > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(r.retryAfter));
    }
    JsonResponses.error(response, callback, r.status, r.reason, r.getMessage());
  }

  private CompletableFuture<ChannelEvent> publish(Request request) throws Rejection {
    if (!"POST".equals(request.getMethod())) {
      throw new Rejection(405, "method_not_allowed", "Use POST to publish an event");
    }
    Identity who;
    try {
      who = authenticator.authenticate(request);
    } catch (InvalidCredentialsException e) {
      throw new Rejection(401, "unauthenticated", e.getMessage() == null ? "Invalid credentials" : e.getMessage());
    }
    if (who.user().isEmpty()) {
      throw new Rejection(401, "unauthenticated", "Publishing needs a token or Basic credentials");
    }
    if (who.method() == AuthMethod.SESSION_COOKIE) {
      // A browser's cookie could be used by any page the user visits (CSRF): tokens only.
      throw new Rejection(401, "unauthenticated",
          "Publishing needs an Authorization header (token or Basic); a session cookie is not accepted");
    }
    limit(limits.user(who.login()), "Too many publishes by " + who.login());
    JsonNode body = readJson(request);
    JsonNode channelNode = body.get("channel");
    JsonNode eventNode = body.get("event");
    JsonNode dataNode = body.get("data");
    if (channelNode == null || !channelNode.isTextual()) {
      throw new Rejection(400, "bad_channel", "\"channel\" must be a string such as \"repo:alice/demo\"");
    }
    if (eventNode == null || !eventNode.isTextual()) {
      throw new Rejection(400, "bad_name", "\"event\" must be a string such as \"ci.status\"");
    }
    if (dataNode != null && !dataNode.isNull() && !dataNode.isObject()) {
      throw new Rejection(400, "bad_json", "\"data\" must be a JSON object");
    }
    Optional<Channels.Channel> parsed = Channels.parse(channelNode.asText());
    if (parsed.isEmpty() || parsed.get().kind() != Channels.Channel.Kind.REPO) {
      throw new Rejection(400, "bad_channel",
          "Events can be published to repository channels only: repo:{owner}/{name}, .../prs or .../issues");
    }
    Channels.Channel channel = parsed.get();
    if (!who.allows("repository", true)) {
      throw new Rejection(403, "forbidden", "token does not have at least one of required scope(s): [write:repository]");
    }
    // A public-only token reaches public repositories only: a private one looks missing.
    Permission p = who.scopes().publicOnly() && !access.canRead(null, channel.owner(), channel.repo())
        ? Permission.NONE : access.permission(who.login(), channel.owner(), channel.repo());
    if (!p.atLeast(Permission.READ)) {
      // Same answer as for a repository that does not exist: private names do not leak.
      throw new Rejection(404, "not_found", "Repository " + channel.repository() + " not found");
    }
    if (!p.atLeast(Permission.WRITE)) {
      throw new Rejection(403, "forbidden", "Publishing to " + channel.repository() + " needs write access");
    }
    // The host's spelling of the repository: names are case-insensitive there, and every case
    // variant (repo:BOB/FLOOD) would otherwise be a channel of its own, with its own retention,
    // that no subscriber of the real channel ever sees (security review M3).
    RepoRef repo = directory.repository(channel.owner(), channel.repo()).orElseThrow(() ->
        new Rejection(404, "not_found", "Repository " + channel.repository() + " not found"));
    String canonical = "repo:" + repo.fullName() + (channel.scope() == null ? "" : "/" + channel.scope());
    limit(limits.repository(repo.fullName()), "Too many publishes to " + repo.fullName());
    String event = eventNode.asText();
    if (!EVENT_NAME.matcher(event).matches()) {
      String head = event.contains(".") ? event.substring(0, event.indexOf('.')) : event;
      if (CORE_PREFIXES.contains(head.toLowerCase(java.util.Locale.ROOT))) {
        throw new Rejection(422, "reserved_name",
            "\"" + event + "\" is a core event name; publish ci.* or custom.* events");
      }
      throw new Rejection(400, "bad_name",
          "\"event\" must match (ci|custom).[a-z0-9_.-]{1,64}, e.g. ci.status");
    }
    // Who published it, set by the server (a "publisher" sent by the client is overwritten): the
    // publisher controls everything else in data, "actor" included (security review L8).
    ObjectNode withPublisher = dataNode == null || dataNode.isNull() ? mapper.createObjectNode() : (ObjectNode) dataNode;
    withPublisher.put("publisher", who.login());
    byte[] data;
    try {
      data = mapper.writeValueAsBytes(withPublisher);
    } catch (JsonProcessingException e) {
      throw new Rejection(400, "bad_json", "\"data\" cannot be serialised");
    }
    // The limit is on what the client sent: the "publisher" key added here does not count.
    int own = data.length - (",\"publisher\":\"\"".length() + who.login().length());
    if (own > maxDataBytes) {
      throw new Rejection(413, "too_large",
          "\"data\" is " + own + " bytes; at most " + maxDataBytes + " are allowed");
    }
    limit(limits.channelBytes(canonical, data.length), "Publish byte quota of " + canonical + " used up");
    try {
      return eventLog.appendObjectTo(canonical, event, repo.fullName(), data);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** 429 with {@code Retry-After} when a limit answered a wait. */
  private static void limit(long retryAfterSeconds, String message) throws Rejection {
    if (retryAfterSeconds > 0) {
      throw new Rejection(429, "rate_limited", message + "; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }
  }

  private JsonNode readJson(Request request) throws Rejection {
    // The whole body may hold the data plus the channel and event names.
    int limit = maxDataBytes + 4096;
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      long declared = request.getLength();
      if (declared >= 0 && declared <= limit) {
        // The usual case: read exactly the declared length (readNBytes(limit) would allocate and
        // copy in 8 KiB chunks, which profiled as a fifth of the route's own time).
        bytes = new byte[(int) declared];
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n < bytes.length) {
          throw new Rejection(400, "bad_json", "The request body ended before its Content-Length");
        }
      } else {
        bytes = in.readNBytes(limit + 1);
      }
      if (bytes.length > limit) {
        // Read (and drop) a bounded rest before answering: closing a connection with unread
        // request bytes resets it, and the client would never see the 413.
        drain(in);
        throw new Rejection(413, "too_large", "The request body is larger than " + limit + " bytes");
      }
    } catch (IOException e) {
      throw new Rejection(400, "bad_json", "The request body could not be read");
    }
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new Rejection(400, "bad_json", "The body must be a JSON object {\"channel\",\"event\",\"data\"}");
      }
      return node;
    } catch (IOException e) {
      throw new Rejection(400, "bad_json", "The body is not valid JSON");
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  /** A refused request: status, a stable reason (also the metric tag) and a message for the caller. */
  private static final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;
    final long retryAfter;

    Rejection(int status, String reason, String message) {
      this(status, reason, message, 0);
    }

    Rejection(int status, String reason, String message, long retryAfter) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
      this.retryAfter = retryAfter;
    }
  }
}
