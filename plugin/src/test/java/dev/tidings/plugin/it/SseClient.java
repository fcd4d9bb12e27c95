package dev.tidings.plugin.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real Server-Sent Events reader over the JDK's HTTP client: one message per blank-line-ended block. */
final class SseClient implements AutoCloseable {

  /** One SSE message: its {@code id:} (null if none) and parsed {@code data:}. */
  record Message(String id, JsonNode data) {}

  final int status;
  final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  final StringBuilder comments = new StringBuilder();
  volatile String retry;
  private final InputStream body;
  private final Thread reader;

  SseClient(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(b::header);
    HttpResponse<InputStream> r = WsClient.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    status = r.statusCode();
    body = r.body();
    reader = new Thread(this::read, "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            messages.add(new Message(id, WsClient.JSON.readTree(data.toString())));
          }
          id = null;
          data.setLength(0);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.startsWith("retry: ")) {
          retry = line.substring(7);
        } else if (line.startsWith(":")) {
          synchronized (comments) {
            comments.append(line).append('\n');
          }
        }
      }
    } catch (Exception e) {
      // The stream ended.
    }
  }

  Message next(int seconds) throws InterruptedException {
    Message m = messages.poll(seconds, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no SSE message within " + seconds + " s");
    }
    return m;
  }

  Message nextOfType(String type, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      Message m = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
      if (m == null) {
        throw new AssertionError("no SSE " + type + " within " + seconds + " s");
      }
      if (type.equals(m.data().path("type").asText())) {
        return m;
      }
    }
  }

  @Override
  public void close() throws Exception {
    body.close();
  }
}
