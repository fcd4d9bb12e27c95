package dev.tidings.bench.bare;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * One channel of the bare server: a growing offset and a bounded in-memory history for {@code since}
 * (written by publishers under the channel lock), and its subscribers (touched only by the dispatcher).
 */
final class BareChannel {

  static final String EPOCH = "bare";

  private final String quotedName;
  private final ByteBuffer[] history;
  private final Dispatcher dispatcher;
  private final Set<BareConnection> subscribers = new HashSet<>();
  private long offset;
  private long dispatched;

  BareChannel(String name, int historySize, Dispatcher dispatcher) {
    this.quotedName = BareJson.quote(name);
    this.history = new ByteBuffer[historySize];
    this.dispatcher = dispatcher;
  }

  /** Assigns the next offset, builds the frame once and hands it to the dispatcher (in offset order). */
  synchronized long publish(String event, String id, String dataJson) {
    long next = ++offset;
    String envelope = "{\"type\":\"event\",\"channel\":" + quotedName + ",\"offset\":" + next
        + ",\"event\":" + BareJson.quote(event) + ",\"id\":\"" + id + "\",\"data\":" + dataJson
        + ",\"timestamp\":" + System.currentTimeMillis() + "}";
    byte[] bytes = envelope.getBytes(StandardCharsets.UTF_8);
    // Built once and shared: a direct buffer saves the JDK's per-write copy of heap buffers.
    ByteBuffer frame = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    history[(int) (next % history.length)] = frame;
    dispatcher.submit(new Dispatcher.Fanout(this, next, frame));
    return next;
  }

  /** Dispatcher thread: queues the event for every subscriber; the dispatcher flushes them after the round. */
  void dispatch(Dispatcher.Fanout f, Set<BareConnection> touched) {
    dispatched = f.offset();
    for (BareConnection c : subscribers) {
      if (c.sendDeferred(f.frame())) {
        touched.add(c);
      }
    }
  }

  /**
   * Dispatcher thread: answers "subscribed" and replays after {@code since} when it is still retained,
   * then goes live; on this one thread no live event can overtake the replay.
   */
  void subscribe(BareConnection connection, String sinceEpoch, long sinceOffset, boolean hasSince) {
    long upTo = dispatched;
    Boolean recovered = null;
    if (hasSince) {
      long oldest = Math.max(1, upTo - history.length + 1);
      recovered = EPOCH.equals(sinceEpoch) && sinceOffset >= oldest - 1 && sinceOffset <= upTo;
    }
    connection.sendText("{\"type\":\"subscribed\",\"channel\":" + quotedName + ",\"epoch\":\"" + EPOCH
        + "\",\"offset\":" + upTo + (recovered == null ? "" : ",\"recovered\":" + recovered) + "}");
    if (Boolean.TRUE.equals(recovered)) {
      java.util.List<ByteBuffer> replay = new java.util.ArrayList<>();
      for (long o = sinceOffset + 1; o <= upTo; o++) {
        replay.add(history[(int) (o % history.length)]);
      }
      connection.replay(replay);
    }
    subscribers.add(connection);
  }

  /** Dispatcher thread. */
  void unsubscribe(BareConnection connection) {
    subscribers.remove(connection);
  }
}
