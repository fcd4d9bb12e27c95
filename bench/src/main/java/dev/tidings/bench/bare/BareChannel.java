package dev.tidings.bench.bare;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArraySet;

/** One channel of the bare server: subscribers, a growing offset and a bounded in-memory history for `since`. */
final class BareChannel {

  static final String EPOCH = "bare";

  private final String name;
  private final String quotedName;
  private final CopyOnWriteArraySet<BareConnection> subscribers = new CopyOnWriteArraySet<>();
  private final ByteBuffer[] history;
  private long offset;

  BareChannel(String name, int historySize) {
    this.name = name;
    this.quotedName = BareJson.quote(name);
    this.history = new ByteBuffer[historySize];
  }

  String name() {
    return name;
  }

  /**
   * Appends one event and hands the same bytes to every subscriber. The channel lock keeps offsets in
   * order for every subscriber; the sends themselves only queue (one write in flight per connection).
   */
  synchronized long publish(String event, String id, String dataJson) {
    long next = ++offset;
    String envelope = "{\"type\":\"event\",\"channel\":" + quotedName + ",\"offset\":" + next
        + ",\"event\":" + BareJson.quote(event) + ",\"id\":\"" + id + "\",\"data\":" + dataJson
        + ",\"timestamp\":" + System.currentTimeMillis() + "}";
    byte[] bytes = envelope.getBytes(StandardCharsets.UTF_8);
    // Built once and shared: a direct buffer saves the JDK's per-write copy of heap buffers.
    ByteBuffer frame = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    history[(int) (next % history.length)] = frame;
    for (BareConnection c : subscribers) {
      c.send(frame);
    }
    return next;
  }

  /** Subscribes, replaying after {@code since} when it is still retained; returns the reply to send first. */
  synchronized String subscribe(BareConnection connection, String sinceEpoch, long sinceOffset, boolean hasSince) {
    List<ByteBuffer> replay = new ArrayList<>();
    Boolean recovered = null;
    if (hasSince) {
      long oldest = Math.max(1, offset - history.length + 1);
      recovered = EPOCH.equals(sinceEpoch) && sinceOffset >= oldest - 1 && sinceOffset <= offset;
      if (recovered) {
        for (long o = sinceOffset + 1; o <= offset; o++) {
          replay.add(history[(int) (o % history.length)]);
        }
      }
    }
    String reply = "{\"type\":\"subscribed\",\"channel\":" + quotedName + ",\"epoch\":\"" + EPOCH
        + "\",\"offset\":" + offset + (recovered == null ? "" : ",\"recovered\":" + recovered) + "}";
    // Reply and replay are queued under the lock, so no live event can overtake them.
    connection.sendText(reply);
    for (ByteBuffer b : replay) {
      connection.send(b);
    }
    subscribers.add(connection);
    return reply;
  }

  void unsubscribe(BareConnection connection) {
    subscribers.remove(connection);
  }

  int subscriberCount() {
    return subscribers.size();
  }
}
