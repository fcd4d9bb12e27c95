package dev.tidings.plugin.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.JsonResponses;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a publish once the log has committed the event: 201 with its place, or 503
 * {@code unavailable} when it could not be stored within 30 s. No server thread waits meanwhile
 * (a stalled disk must not take the host's threads with it); the answer is written on the log's
 * writer thread: Jetty's write of a small body does not block, and handing it to the server's
 * pool measured 10-15% more CPU per publish.
 */
@Singleton
final class PublishAnswer {

  private static final Logger log = LoggerFactory.getLogger(PublishAnswer.class);
  private static final long TIMEOUT_SECONDS = 30;

  private final ObjectMapper mapper;
  private final PublishMetrics metrics;

  @Inject
  PublishAnswer(ObjectMapper mapper, PublishMetrics metrics) {
    this.mapper = mapper;
    this.metrics = metrics;
  }

  /** Completes the exchange when {@code stored} does. */
  void when(CompletableFuture<ChannelEvent> stored, Response response, Callback callback) {
    stored.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((event, error) -> {
      if (error == null) {
        metrics.accepted();
        created(event, response, callback);
      } else {
        logFailure(error instanceof CompletionException ? error.getCause() : error);
        HttpProblem problem = HttpProblem.unavailable("The event could not be stored; try again");
        metrics.rejected(problem.code());
        JsonResponses.problem(response, callback, problem);
      }
    });
  }

  private void created(ChannelEvent event, Response response, Callback callback) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel", event.channel());
    body.put("offset", event.offset());
    body.put("epoch", event.epoch());
    body.put("id", event.eventId());
    try {
      JsonResponses.send(response, callback, 201, mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      callback.failed(e);
    }
  }

  private static void logFailure(Throwable cause) {
    if (cause instanceof RejectedExecutionException) {
      log.warn("Publishing refused: {}", cause.getMessage());
    } else if (cause instanceof TimeoutException) {
      log.error("Publishing timed out after {} s", TIMEOUT_SECONDS);
    } else {
      log.error("Publishing failed", cause);
    }
  }
}
