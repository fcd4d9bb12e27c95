package dev.tidings.plugin.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.Identity;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.web.HttpBodies;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /plugins/tidings/api/publish}: lets a CI system or bot with write access to a
 * repository publish its own {@code ci.*} or {@code custom.*} event to the repository's channels,
 * through the same log, offsets and fan-out as a push. See docs/publish-api.md. The steps, in the
 * order a client meets their refusals: caller, per-user limit, body, target repository,
 * per-repository limit, event name, data size, per-channel byte quota; then the append.
 */
@Singleton
public final class PublishRoute implements PluginRoute {

  /** The route's path inside the plugin's context. */
  public static final String PATH = "/api/publish";

  /** Bytes of a body beyond {@code data}: the channel and event names and the JSON around them. */
  private static final int ENVELOPE_BYTES = 4096;

  private final PublishCaller caller;
  private final PublishTarget target;
  private final PublishLimits limits;
  private final PublishMetrics metrics;
  private final PublishAnswer answer;
  private final EventLog eventLog;
  private final ObjectMapper mapper;
  private final int maxDataBytes;

  @Inject
  PublishRoute(PublishCaller caller, PublishTarget target, PublishLimits limits, PublishMetrics metrics,
      PublishAnswer answer, EventLog eventLog, ObjectMapper mapper, PublishSettings settings) {
    this.caller = caller;
    this.target = target;
    this.limits = limits;
    this.metrics = metrics;
    this.answer = answer;
    this.eventLog = eventLog;
    this.mapper = mapper;
    this.maxDataBytes = settings.maxDataBytes();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    CompletableFuture<ChannelEvent> stored;
    try {
      stored = publish(request);
    } catch (HttpProblem refused) {
      metrics.rejected(refused.code());
      throw refused;
    }
    answer.when(stored, response, callback);
    return true;
  }

  private CompletableFuture<ChannelEvent> publish(Request request) {
    if (!"POST".equals(request.getMethod())) {
      throw HttpProblem.methodNotAllowed("POST", "Use POST to publish an event");
    }
    Identity who = caller.of(request);
    limit(limits.user(who.login()), "Too many publishes by " + who.login());
    PublishRequest wanted = PublishRequest.parse(mapper, HttpBodies.read(request, maxDataBytes + ENVELOPE_BYTES));
    PublishTarget.Resolved to = target.resolve(who, wanted.channel());
    limit(limits.repository(to.repository().fullName()), "Too many publishes to " + to.repository().fullName());
    wanted.checkEventName();
    byte[] data = wanted.dataWithPublisher(mapper, who.login(), maxDataBytes);
    limit(limits.channelBytes(to.channel(), data.length), "Publish byte quota of " + to.channel() + " used up");
    return append(to, wanted.event(), data);
  }

  /** The one place a published event enters the event log. */
  private CompletableFuture<ChannelEvent> append(PublishTarget.Resolved to, String event, byte[] data) {
    try {
      return eventLog.appendObjectTo(to.channel(), event, to.repository().fullName(), data);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** 429 with {@code Retry-After} when a limit answered a wait. */
  private static void limit(long retryAfterSeconds, String message) {
    if (retryAfterSeconds > 0) {
      throw HttpProblem.rateLimited(message + "; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }
  }
}
