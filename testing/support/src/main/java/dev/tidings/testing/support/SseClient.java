package dev.tidings.testing.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A streaming Server-Sent Events reader, like {@code curl -N}: the JDK HTTP client hands over each line
 * as it arrives, and complete messages are recorded. Like {@link WsClient}, every message is kept for
 * searching ({@link #await}, {@link #events}, {@link #all}) and in a queue the {@code next*} methods
 * consume. Non-blocking on purpose: {@code HttpURLConnection.disconnect()} waits for a blocked reader.
 */
public final class SseClient implements AutoCloseable {
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final StringBuilder comments = new StringBuilder();
  private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final StringBuilder data = new StringBuilder();
  private String id;
  private volatile String retry;
  private volatile boolean ended;

  private SseClient() {}

  /**
   * Opens the stream at {@code endpoint} (e.g. {@code .../plugins/tidings/events}) for {@code channels} as
   * {@code user} (null: anonymous), resuming from {@code lastEventId} if not null.
   */
  public static SseClient open(URI endpoint, String user, String password, String lastEventId, String... channels)
      throws Exception {
    StringBuilder query = new StringBuilder();
    for (String c : channels) {
      query.append(query.length() == 0 ? "?" : "&").append("channel=")
          .append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String auth = BasicAuth.basic(user, password);
    if (auth != null) {
      headers.put("Authorization", auth);
    }
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return open(URI.create(endpoint + query.toString()), headers);
  }

  /** Opens the stream at {@code uri} (query included) with {@code headers}; returns once the head arrived. */
  public static SseClient open(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    headers.forEach(b::header);
    SseClient client = new SseClient();
    CompletableFuture<HttpResponse<Void>> done = TestJson.HTTP.sendAsync(b.build(), info -> {
      client.head.complete(info);
      return HttpResponse.BodySubscribers.fromLineSubscriber(client.new Lines());
    });
    done.whenComplete((r, e) -> {
      client.ended = true;
      if (e != null) {
        client.head.completeExceptionally(e);
      }
    });
    client.head.get(20, TimeUnit.SECONDS);
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
          JsonNode json;
          try {
            json = TestJson.MAPPER.readTree(text);
          } catch (Exception e) {
            json = TestJson.MAPPER.createObjectNode().put("type", "unparseable");
          }
          Received m = new Received(json, text, System.nanoTime(), id);
          received.add(m);
          queue.add(m);
        }
        data.setLength(0);
        id = null;
      } else if (line.startsWith("data:")) {
        data.append(data.length() > 0 ? "\n" : "").append(field(line, "data:"));
      } else if (line.startsWith("id:")) {
        id = field(line, "id:");
      } else if (line.startsWith("retry:")) {
        retry = field(line, "retry:");
      } else if (line.startsWith(":")) {
        synchronized (comments) {
          comments.append(line).append('\n');
        }
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
  public int status() {
    return head.join().statusCode();
  }

  /** The body of a refused request (its lines), once it has ended; null for an open stream. */
  public String errorBody() {
    if (status() == 200) {
      return null;
    }
    Await.isTrue("end of the refused SSE answer", () -> ended);
    return String.join("\n", lines);
  }

  /** The content type the server sent. */
  public String contentType() {
    return head.join().headers().firstValue("Content-Type").orElse("");
  }

  /** Every raw line received so far (fields, comments, blank separators). */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The comment lines received so far (each with its leading colon), one a line. */
  public String comments() {
    synchronized (comments) {
      return comments.toString();
    }
  }

  /** The last {@code retry:} value received, or null. */
  public String retry() {
    return retry;
  }

  /** The first message matching {@code test}, waiting up to {@link Await#DEFAULT}. */
  public Received await(String what, Predicate<Received> test) {
    return await(what, Await.DEFAULT, test);
  }

  /** The first message matching {@code test}, waiting up to {@code timeout}; fails early once the stream ended. */
  public Received await(String what, Duration timeout, Predicate<Received> test) {
    return Await.until("SSE " + what + " (received: " + received.size() + " messages)", timeout,
        () -> received.stream().filter(test).findFirst().or(() -> {
          if (ended) {
            throw new AssertionError("SSE stream ended while waiting for " + what + "; lines: " + lines);
          }
          return Optional.empty();
        }));
  }

  /** Events received on {@code channel}, in arrival order. */
  public List<Received> events(String channel) {
    return received.stream().filter(m -> m.isEventOn(channel)).toList();
  }

  /** Everything received so far. */
  public List<Received> all() {
    return List.copyOf(received);
  }

  /** The next message from the queue, failing after {@code seconds}. */
  public Received next(int seconds) throws InterruptedException {
    Received m = queue.poll(seconds, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no SSE message within " + seconds + " s");
    }
    return m;
  }

  /** The next message of {@code type} from the queue, skipping others, failing after {@code seconds}. */
  public Received nextOfType(String type, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      Received m = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      if (m == null) {
        throw new AssertionError("no SSE " + type + " within " + seconds + " s");
      }
      if (type.equals(m.type())) {
        return m;
      }
    }
  }

  @Override
  public void close() {
    // Cancelling the body subscription makes the JDK client drop the connection.
    subscription.thenAccept(Flow.Subscription::cancel);
  }
}
