package dev.tidings.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.Received;
import dev.tidings.testing.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A WebSocket client that follows one channel the way docs/protocol.md tells a client to: on
 * {@code replay_interrupted} it subscribes again with {@code since} its last processed offset (on
 * the same connection), on a close in the 4000-4499 range it reconnects to the same node and
 * resumes, and {@link #resumeOn} moves it to another node with {@code since}. It keeps every event
 * of the channel in arrival order over all its connections, so a test can check the whole stream:
 * offsets one apart, nothing twice, nothing missing. A resume answered {@code recovered:false}, a
 * refused subscribe or any other close fails the test.
 */
final class ChannelFollower implements AutoCloseable {
  private final String channel;
  private final Map<String, String> headers;
  private final String name;
  private final List<WsClient> clients = new ArrayList<>();
  private final List<JsonNode> resumes = new ArrayList<>();
  private HostProcess node;
  private WsClient current;
  private int scanned;
  private String epoch;
  private long startOffset;
  private boolean resumePending;
  private int interruptions;
  private int reconnects;

  private ChannelFollower(String name, String channel, Map<String, String> headers) {
    this.name = name;
    this.channel = channel;
    this.headers = headers;
  }

  /** Connects to {@code node} with {@code authorization} and subscribes to {@code channel} from now. */
  static ChannelFollower follow(String name, HostProcess node, String channel, String authorization) throws Exception {
    ChannelFollower f = new ChannelFollower(name, channel, Map.of("Authorization", authorization));
    f.node = node;
    f.current = f.connect(node);
    JsonNode subscribed = f.current.subscribe(channel);
    if (!"subscribed".equals(subscribed.path("type").asText())) {
      f.close();
      throw new AssertionError(name + ": subscribe " + channel + " on " + node.baseUrl() + " refused: " + subscribed);
    }
    f.epoch = subscribed.path("epoch").asText();
    f.startOffset = subscribed.path("offset").asLong();
    return f;
  }

  private WsClient connect(HostProcess target) throws Exception {
    WsClient c = WsClient.connect(target.wsUri(), headers);
    clients.add(c);
    scanned = 0;
    return c;
  }

  /** The channel's offset when the follower first subscribed (its first event should be the next one). */
  synchronized long startOffset() {
    return startOffset;
  }

  synchronized String epoch() {
    return epoch;
  }

  /** Every event of the channel received so far, over all connections, in arrival order. */
  synchronized List<JsonNode> events() {
    List<JsonNode> all = new ArrayList<>();
    for (WsClient c : clients) {
      c.events(channel).forEach(m -> all.add(m.json()));
    }
    return all;
  }

  /** The offset of the last event received, or the start offset. */
  synchronized long lastOffset() {
    List<JsonNode> all = events();
    return all.isEmpty() ? startOffset : all.get(all.size() - 1).path("offset").asLong();
  }

  /** The {@code subscribed} answers of every resume ({@code since}), in order. */
  synchronized List<JsonNode> resumes() {
    return List.copyOf(resumes);
  }

  /** How many times the server ended the subscription with {@code replay_interrupted}. */
  synchronized int interruptions() {
    return interruptions;
  }

  /** How many times the server closed the connection with a reconnect code (4000-4499). */
  synchronized int reconnects() {
    return reconnects;
  }

  /**
   * Handles what arrived since the last call: resubscribes with {@code since} after
   * {@code replay_interrupted} (again later if that answer is a retryable error), reconnects after
   * a reconnect close code. Fails on anything a correct server never sends here.
   */
  synchronized void keepUp() throws Exception {
    List<Received> all = current.all();
    for (; scanned < all.size(); scanned++) {
      JsonNode m = all.get(scanned).json();
      if ("error".equals(m.path("type").asText()) && channel.equals(m.path("channel").asText())) {
        if ("replay_interrupted".equals(m.path("code").asText())) {
          interruptions++;
          resumePending = true;
        } else if (!resumePending) {
          throw new AssertionError(name + ": unexpected error on " + channel + ": " + m);
        }
      }
    }
    if (current.closeCode() >= 0) {
      int code = current.closeCode();
      if (code < 4000 || code > 4499) {
        throw new AssertionError(name + ": connection to " + node.baseUrl() + " closed with " + code + " "
            + current.closeReason());
      }
      reconnects++;
      current = connect(node);
      resumePending = true;
    }
    if (resumePending) {
      resume();
    }
  }

  /** Closes this connection and continues on {@code target} with {@code since} the last offset received. */
  synchronized JsonNode resumeOn(HostProcess target) throws Exception {
    keepUpQuietly();
    current.close();
    node = target;
    current = connect(target);
    resumePending = true;
    JsonNode answer = resume();
    if (answer == null) {
      throw new AssertionError(name + ": resume on " + target.baseUrl() + " was refused with a retryable error: "
          + current.all());
    }
    return answer;
  }

  private void keepUpQuietly() {
    try {
      keepUp();
    } catch (Exception | AssertionError ignored) {
      // Moving to another node anyway (e.g. this one was killed: close 1006).
    }
  }

  /** Subscribes with since; null when the server answered a retryable error (tried again on the next keepUp). */
  private JsonNode resume() throws Exception {
    long since = lastOffset();
    JsonNode answer = current.subscribe(channel, epoch, since);
    if ("error".equals(answer.path("type").asText()) && answer.path("retry").asBoolean()) {
      return null;
    }
    resumePending = false;
    resumes.add(answer);
    if (!"subscribed".equals(answer.path("type").asText()) || !answer.path("recovered").asBoolean()
        || !epoch.equals(answer.path("epoch").asText())) {
      throw new AssertionError(name + ": resume of " + channel + " since " + epoch + "/" + since + " on "
          + node.baseUrl() + " answered " + answer);
    }
    return answer;
  }

  /** Waits (handling interruptions meanwhile) until an event with offset {@code offset} or later arrived. */
  void awaitOffset(long offset, Duration timeout) {
    awaitEvent("offset " + offset + " or later", e -> e.path("offset").asLong() >= offset, timeout);
  }

  /** Waits (handling interruptions meanwhile) until an event of the channel matches {@code test}. */
  void awaitEvent(String what, Predicate<JsonNode> test, Duration timeout) {
    Await.until(name + ": " + what + " on " + channel, timeout, Duration.ofMillis(20), () -> {
      try {
        keepUp();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return events().stream().anyMatch(test) ? Optional.of(true) : Optional.empty();
    });
  }

  @Override
  public synchronized void close() {
    clients.forEach(WsClient::close);
  }

  @Override
  public String toString() {
    return name;
  }
}
