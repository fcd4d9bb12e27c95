package dev.tidings.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved client (the JDK's WebSocket, alice's token, from 127.0.0.1) subscribed to alice/demo's
 * channels for the whole fuzz run: it records every event's channel, offset and id, compactly.
 */
final class Observer implements WebSocket.Listener, AutoCloseable {
  private final StringBuilder partial = new StringBuilder();
  private final Map<String, Long> subscribedAt = new HashMap<>();
  private final Map<String, List<Long>> offsets = new HashMap<>();
  private final Set<String> ids = new HashSet<>();
  private final List<String> problems = new ArrayList<>();
  private volatile int closeCode = -1;
  private WebSocket socket;

  static Observer connect(FuzzHost host) throws Exception {
    Observer o = new Observer();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    o.socket = http.newWebSocketBuilder().header("Authorization", host.aliceAuth()).connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(host.baseUrl().replaceFirst("^http", "ws") + "plugins/tidings/ws"), o)
        .get(20, TimeUnit.SECONDS);
    for (String channel : Hostile.WATCHED) {
      o.socket.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}", true).get(10, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (o.subscribedCount() < Hostile.WATCHED.size()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the observer was not subscribed within 20 s: " + o.problems());
      }
      Thread.sleep(10);
    }
    return o;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      handle(text);
    }
    webSocket.request(1);
    return null;
  }

  private synchronized void handle(String text) {
    try {
      JsonNode m = FuzzHost.JSON.readTree(text);
      String type = m.path("type").asText();
      String channel = m.path("channel").asText();
      switch (type) {
        case "subscribed" -> subscribedAt.put(channel, m.path("offset").asLong());
        case "event" -> {
          offsets.computeIfAbsent(channel, c -> new ArrayList<>()).add(m.path("offset").asLong());
          ids.add(m.path("id").asText());
        }
        case "pong" -> { }
        default -> problems.add(text);
      }
    } catch (Exception e) {
      problems.add("unparsable: " + text);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode = statusCode;
    synchronized (this) {
      problems.add("closed " + statusCode + " " + reason);
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode = 1006;
    synchronized (this) {
      problems.add("error " + error);
    }
  }

  synchronized int subscribedCount() {
    return subscribedAt.size();
  }

  synchronized boolean has(String id) {
    return ids.contains(id);
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  int closeCode() {
    return closeCode;
  }

  /** Gaps, reorders and duplicates per channel (empty when every channel counted up by one from its start). */
  synchronized List<String> gaps() {
    List<String> out = new ArrayList<>();
    for (String channel : Hostile.WATCHED) {
      long expect = subscribedAt.getOrDefault(channel, -1L) + 1;
      for (long o : offsets.getOrDefault(channel, List.of())) {
        if (o != expect) {
          out.add(channel + ": offset " + o + " where " + expect + " was due");
          if (out.size() > 20) {
            return out;
          }
        }
        expect = o + 1;
      }
    }
    return out;
  }

  synchronized long events() {
    return offsets.values().stream().mapToLong(List::size).sum();
  }

  /** Drops what was recorded (after checking), so that the heap measurement sees the host, not this record. */
  synchronized void forget() {
    offsets.clear();
    ids.clear();
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }
}
