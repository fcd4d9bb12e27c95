package dev.tidings.e2e;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * A streaming Server-Sent Events reader for {@code /plugins/tidings/events}, like {@code curl -N}:
 * the JDK HTTP client hands over each line as it arrives, and complete messages are recorded.
 * (Non-blocking on purpose: {@code HttpURLConnection.disconnect()} waits for a blocked reader.)
 */
final class SseClient implements AutoCloseable {
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final StringBuilder data = new StringBuilder();
  private String id;
  private volatile boolean ended;

  private SseClient() {}

  /** Opens the stream for {@code channels} as {@code user} (null: anonymous), resuming from {@code lastEventId} if not null. */
  static SseClient open(E2eHost host, String user, String password, String lastEventId, String... channels)
      throws Exception {
    StringBuilder query = new StringBuilder();
    for (String c : channels) {
      query.append(query.length() == 0 ? "?" : "&").append("channel=")
          .append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(host.uri("plugins/tidings/events" + query))
        .header("Accept", "text/event-stream").GET();
    String auth = Rest.basic(user, password);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    SseClient client = new SseClient();
    CompletableFuture<HttpResponse<Void>> done = Rest.CLIENT.sendAsync(b.build(), info -> {
      client.head.complete(info);
      return HttpResponse.BodySubscribers.fromLineSubscriber(client.new Lines());
    });
    done.whenComplete((r, e) -> {
      client.ended = true;
      if (e != null) {
        client.head.completeExceptionally(e);
      }
    });
    client.head.get(20, java.util.concurrent.TimeUnit.SECONDS);
    return client;
  }

  private final class Lines implements Flow.Subscriber<String> {
    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.complete(s);
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String raw) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      lines.add(line);
      if (line.isEmpty()) {
        if (data.length() > 0) {
          String text = data.toString();
          received.add(new Received(Json.parse(text), text, System.nanoTime(), id));
        }
        data.setLength(0);
        id = null;
      } else if (line.startsWith("data:")) {
        data.append(data.length() > 0 ? "\n" : "").append(field(line, "data:"));
      } else if (line.startsWith("id:")) {
        id = field(line, "id:");
      }
    }

    @Override
    public void onError(Throwable t) {
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }
  }

  private static String field(String line, String name) {
    String v = line.substring(name.length());
    return v.startsWith(" ") ? v.substring(1) : v;
  }

  /** The HTTP status of the stream request. */
  int status() {
    return head.join().statusCode();
  }

  /** The body of a refused request (its lines), once it has ended; null for an open stream. */
  String errorBody() {
    if (status() == 200) {
      return null;
    }
    Await.isTrue("end of the refused SSE answer", () -> ended);
    return String.join("\n", lines);
  }

  /** The content type the server sent. */
  String contentType() {
    return head.join().headers().firstValue("Content-Type").orElse("");
  }

  /** Every raw line received so far (fields, comments, blank separators). */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The first message matching {@code test}, waiting up to {@link Await#DEFAULT}. */
  Received await(String what, Predicate<Received> test) {
    return await(what, Await.DEFAULT, test);
  }

  /** The first message matching {@code test}, waiting up to {@code timeout}. */
  Received await(String what, Duration timeout, Predicate<Received> test) {
    return Await.until("SSE " + what + " (received: " + received.size() + " messages)", timeout,
        () -> received.stream().filter(test).findFirst().or(() -> {
          if (ended) {
            throw new AssertionError("SSE stream ended while waiting for " + what + "; lines: " + lines);
          }
          return Optional.empty();
        }));
  }

  /** Events received on {@code channel}, in arrival order. */
  List<Received> events(String channel) {
    return received.stream().filter(m -> m.isEventOn(channel)).toList();
  }

  /** Everything received so far. */
  List<Received> all() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    // Cancelling the body subscription makes the JDK client drop the connection.
    subscription.thenAccept(Flow.Subscription::cancel);
  }
}
