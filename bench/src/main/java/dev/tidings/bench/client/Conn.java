package dev.tidings.bench.client;

import dev.tidings.bench.stats.Clock;
import dev.tidings.bench.stats.Histogram;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One load-client connection: sends protocol-v1 commands, tracks offsets per channel and records
 * publish-to-receipt latency. It can stop reading (a slow consumer) by withholding demand.
 */
public final class Conn implements Session.Listener {

  private final int id;
  private final LongAdder eventsSeen;
  private final Map<String, ChannelTrack> tracks = new HashMap<>(4);
  private final Map<String, CompletableFuture<ChannelTrack>> subscribed = new HashMap<>(4);
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private Histogram latency;
  private volatile Session session;
  private volatile boolean paused;
  private boolean demandWithheld;
  private volatile long lastEventMicros;

  public Conn(int id, LongAdder eventsSeen) {
    this.id = id;
    this.eventsSeen = eventsSeen;
  }

  public int id() {
    return id;
  }

  @Override
  public void onWebSocketOpen(Session s) {
    this.session = s;
    s.demand();
  }

  @Override
  public void onWebSocketText(String msg) {
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
    demandNext();
  }

  private void demandNext() {
    Session s = session;
    if (s == null) {
      return;
    }
    synchronized (this) {
      if (paused) {
        demandWithheld = true;
        return;
      }
    }
    s.demand();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closed.complete(statusCode);
    synchronized (this) {
      for (CompletableFuture<ChannelTrack> f : subscribed.values()) {
        f.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
      }
      subscribed.clear();
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closed.complete(1006);
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

  public void ping() {
    send("{\"type\":\"ping\"}");
  }

  private void send(String text) {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.sendText(text, Callback.NOOP);
    }
  }

  /** Stops reading: the server's writes back up into its outbound queue for this connection. */
  public void pause() {
    synchronized (this) {
      paused = true;
    }
  }

  /** Resumes reading if paused. */
  public void resume() {
    boolean demand;
    synchronized (this) {
      paused = false;
      demand = demandWithheld;
      demandWithheld = false;
    }
    if (demand && session != null) {
      session.demand();
    }
  }

  public CompletableFuture<Integer> closed() {
    return closed;
  }

  public boolean isOpen() {
    Session s = session;
    return s != null && s.isOpen() && !closed.isDone();
  }

  public void close() {
    Session s = session;
    if (s != null) {
      s.close(1000, "bye", Callback.NOOP);
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
