package dev.tidings.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A streaming Server-Sent Events reader for {@code /plugins/tidings/events}, like {@code curl -N}: a
 * daemon thread parses {@code id:}/{@code data:} lines as they arrive and records each message.
 */
final class SseClient implements AutoCloseable {
  private final HttpURLConnection connection;
  private final int status;
  private final String errorBody;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  private SseClient(HttpURLConnection connection) throws IOException {
    this.connection = connection;
    this.status = connection.getResponseCode();
    if (status != 200) {
      InputStream err = connection.getErrorStream();
      errorBody = err == null ? "" : new String(err.readAllBytes(), StandardCharsets.UTF_8);
      ended = true;
      return;
    }
    errorBody = null;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens the stream for {@code channels} as {@code user} (null: anonymous), resuming from {@code lastEventId} if not null. */
  static SseClient open(E2eHost host, String user, String password, String lastEventId, String... channels)
      throws IOException {
    StringBuilder query = new StringBuilder();
    for (String c : channels) {
      query.append(query.length() == 0 ? "?" : "&").append("channel=").append(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    HttpURLConnection c = (HttpURLConnection) host.uri("plugins/tidings/events" + query).toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(60_000);
    c.setRequestProperty("Accept", "text/event-stream");
    String auth = Rest.basic(user, password);
    if (auth != null) {
      c.setRequestProperty("Authorization", auth);
    }
    if (lastEventId != null) {
      c.setRequestProperty("Last-Event-ID", lastEventId);
    }
    return new SseClient(c);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      String id = null;
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (line.isEmpty()) {
          if (data.length() > 0) {
            String text = data.toString();
            received.add(new Received(Json.parse(text), text, System.nanoTime(), id));
          }
          data.setLength(0);
          id = null;
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(stripField(line, "data:"));
        } else if (line.startsWith("id:")) {
          id = stripField(line, "id:");
        }
      }
    } catch (IOException e) {
      // The stream ended (closed by us or by the server); ended tells the waiting test.
    } finally {
      ended = true;
    }
  }

  private static String stripField(String line, String field) {
    String v = line.substring(field.length());
    return v.startsWith(" ") ? v.substring(1) : v;
  }

  /** The HTTP status of the stream request. */
  int status() {
    return status;
  }

  /** The JSON error body of a refused request (null when the stream opened). */
  String errorBody() {
    return errorBody;
  }

  /** The content type the server sent. */
  String contentType() {
    return connection.getContentType();
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
    // Closes the socket, which also ends the reader thread's blocking read.
    connection.disconnect();
  }
}
