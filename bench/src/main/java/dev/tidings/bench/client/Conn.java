package dev.tidings.bench.client;

import dev.tidings.bench.stats.Clock;
import dev.tidings.bench.stats.Histogram;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One load-client connection: sends protocol-v1 commands, tracks offsets per channel and records
 * publish-to-receipt latency. It can stop reading (a slow consumer).
 */
public final class Conn {

  /** -Dbench.trace=true prints every message received (debugging only). */
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");

  private final int id;
  private final LongAdder eventsSeen;
  private final Map<String, ChannelTrack> tracks = new HashMap<>(4);
  private final Map<String, CompletableFuture<ChannelTrack>> subscribed = new HashMap<>(4);
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private Histogram latency;
  private volatile Wire wire;
  private volatile long lastEventMicros;
  // Presence messages (presence, join, leave, typing) received, for the presence scenario.
  private final java.util.concurrent.atomic.AtomicLong presenceSeen = new java.util.concurrent.atomic.AtomicLong();

  public Conn(int id, LongAdder eventsSeen) {
    this.id = id;
    this.eventsSeen = eventsSeen;
  }

  public int id() {
    return id;
  }

  void onOpen(Wire w) {
    this.wire = w;
  }

  void onText(String msg) {
    if (TRACE) {
      System.err.println("[trace " + id + "] " + (msg.length() > 300 ? msg.substring(0, 300) + "..." : msg));
    }
    String type = Envelope.string(msg, "type");
    if ("event".equals(type)) {
      long now = Clock.micros();
      String channel = Envelope.string(msg, "channel");
      long offset = Envelope.number(msg, "offset", 0);
      long sent = Envelope.sentMicros(msg);
      synchronized (this) {
        ChannelTrack t = tracks.computeIfAbsent(channel, c -> new ChannelTrack());
        if (t.onEvent(offset)) {
          eventsSeen.increment();
          if (sent != Long.MIN_VALUE) {
            if (latency == null) {
              latency = new Histogram();
            }
            latency.record(now - sent);
          }
        }
      }
      lastEventMicros = now;
    } else if ("subscribed".equals(type)) {
      String channel = Envelope.string(msg, "channel");
      CompletableFuture<ChannelTrack> f;
      ChannelTrack t;
      synchronized (this) {
        t = tracks.computeIfAbsent(channel, c -> new ChannelTrack());
        t.epoch = Envelope.string(msg, "epoch");
        t.subscribedOffset = Envelope.number(msg, "offset", 0);
        t.recovered = Envelope.bool(msg, "recovered");
        if (t.lastOffset < 0) {
          t.lastOffset = t.subscribedOffset;
        }
        f = subscribed.remove(channel);
      }
      if (f != null) {
        f.complete(t);
      }
    } else if ("presence".equals(type) || "join".equals(type) || "leave".equals(type) || "typing".equals(type)) {
      presenceSeen.incrementAndGet();
    } else if ("error".equals(type)) {
      String channel = Envelope.string(msg, "channel");
      CompletableFuture<ChannelTrack> f;
      synchronized (this) {
        f = channel == null ? null : subscribed.remove(channel);
      }
      if (f != null) {
        f.completeExceptionally(new IllegalStateException("server error: " + msg));
      }
    }
  }

  void onClose(int statusCode) {
    closed.complete(statusCode);
    synchronized (this) {
      for (CompletableFuture<ChannelTrack> f : subscribed.values()) {
        f.completeExceptionally(new IllegalStateException("closed " + statusCode));
      }
      subscribed.clear();
    }
  }

  /** Subscribes (optionally resuming after {@code sinceOffset} in {@code sinceEpoch}); completes on "subscribed". */
  public CompletableFuture<ChannelTrack> subscribe(String channel, String sinceEpoch, long sinceOffset) {
    CompletableFuture<ChannelTrack> f = new CompletableFuture<>();
    synchronized (this) {
      subscribed.put(channel, f);
      if (sinceEpoch != null) {
        // Resuming: everything after sinceOffset is new to this connection, whatever "subscribed" says.
        tracks.computeIfAbsent(channel, c -> new ChannelTrack()).lastOffset = sinceOffset;
      }
    }
    String since = sinceEpoch == null ? ""
        : ",\"since\":{\"epoch\":\"" + sinceEpoch + "\",\"offset\":" + sinceOffset + "}";
    send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"" + since + "}");
    return f;
  }

  public CompletableFuture<ChannelTrack> subscribe(String channel) {
    return subscribe(channel, null, 0);
  }

  /** Presence messages received so far. */
  public long presenceSeen() {
    return presenceSeen.get();
  }

  /** Sends a raw protocol command (e.g. typing). */
  public void command(String json) {
    send(json);
  }

  public void ping() {
    send("{\"type\":\"ping\"}");
  }

  private void send(String text) {
    Wire w = wire;
    if (w != null && w.isOpen()) {
      w.sendText(text);
    }
  }

  /** Stops reading: the server's writes back up into its outbound queue for this connection. */
  public void pause() {
    Wire w = wire;
    if (w != null) {
      w.pauseReading();
    }
  }

  /** Resumes reading if paused; frames already buffered are delivered first. */
  public void resume() {
    Wire w = wire;
    if (w != null) {
      w.resumeReading();
    }
  }

  public CompletableFuture<Integer> closed() {
    return closed;
  }

  public boolean isOpen() {
    Wire w = wire;
    return w != null && w.isOpen() && !closed.isDone();
  }

  public void close() {
    Wire w = wire;
    if (w != null) {
      w.close(1000);
    }
  }

  public long lastEventMicros() {
    return lastEventMicros;
  }

  /** A copy of the track for one channel (or an empty one). */
  public synchronized ChannelTrack track(String channel) {
    ChannelTrack t = tracks.get(channel);
    return t == null ? new ChannelTrack() : t;
  }

  /** Sums unique, duplicate and gap counts over all channels of this connection. */
  public synchronized long[] totals() {
    long r = 0;
    long d = 0;
    long g = 0;
    for (ChannelTrack t : tracks.values()) {
      r += t.received;
      d += t.duplicates;
      g += t.gaps;
    }
    return new long[] {r, d, g};
  }

  /** Adds this connection's latencies into {@code into} and forgets them. */
  public synchronized void drainLatency(Histogram into) {
    if (latency != null) {
      into.add(latency);
      latency = null;
    }
  }

  /** Forgets offsets and counts (between scenario phases on the same connections). */
  public synchronized void resetCounts() {
    for (ChannelTrack t : tracks.values()) {
      t.received = 0;
      t.duplicates = 0;
      t.gaps = 0;
    }
    latency = null;
  }
}
