package dev.tidings.bench.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens many WebSocket connections from one JVM on plain NIO (a few selector threads, no per-message
 * hand-off, so the client costs little CPU per delivery), spreading their source addresses over
 * 127.0.0.x so that ports never run out.
 */
public final class LoadClient implements AutoCloseable {

  private final NioLoop[] loops;
  private final List<InetSocketAddress> sources = new ArrayList<>();
  private final LongAdder eventsSeen = new LongAdder();
  private int nextId;

  /** {@code sourceAddresses} addresses 127.0.0.2, 127.0.0.3, ... (1 = the default address); {@code threads} selectors. */
  public LoadClient(int sourceAddresses, int threads) throws Exception {
    loops = new NioLoop[Math.max(1, threads)];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = new NioLoop("load-" + i);
    }
    if (sourceAddresses > 1) {
      for (int i = 0; i < sourceAddresses; i++) {
        sources.add(new InetSocketAddress("127.0.0." + (2 + i), 0));
      }
    }
  }

  /** Events counted (unique per connection and channel) over all connections so far. */
  public LongAdder eventsSeen() {
    return eventsSeen;
  }

  /** Connects {@code count} connections, at most {@code parallel} upgrades at a time; fails on the first error. */
  public List<Conn> connect(Target target, int count, int parallel, Duration timeout) throws Exception {
    return connect(target, count, parallel, timeout, 0);
  }

  /** As above, with a small socket receive buffer when {@code receiveBuffer} > 0 (for would-be slow readers). */
  public List<Conn> connect(Target target, int count, int parallel, Duration timeout, int receiveBuffer)
      throws Exception {
    List<Conn> conns = new ArrayList<>(count);
    List<CompletableFuture<?>> pending = new ArrayList<>(count);
    Semaphore permits = new Semaphore(parallel);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < count; i++) {
      long left = deadline - System.nanoTime();
      if (!permits.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("connect timed out after " + i + " of " + count);
      }
      Conn c = open(target, permits, pending, receiveBuffer);
      conns.add(c);
    }
    for (CompletableFuture<?> f : pending) {
      f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    return conns;
  }

  /** Opens one connection and waits for it. */
  public Conn connectOne(Target target, Duration timeout) throws Exception {
    return connect(target, 1, 1, timeout).get(0);
  }

  private Conn open(Target target, Semaphore permits, List<CompletableFuture<?>> pending, int receiveBuffer)
      throws Exception {
    int id = nextId++;
    Conn c = new Conn(id, eventsSeen);
    InetSocketAddress source = sources.isEmpty() ? null : sources.get(id % sources.size());
    CompletableFuture<?> f = NioConnection.open(loops[id % loops.length], source, target, c, receiveBuffer)
        .whenComplete((s, e) -> permits.release());
    pending.add(f);
    return c;
  }

  /** Subscribes every connection to every channel and waits for all "subscribed" replies. */
  public static void subscribeAll(List<Conn> conns, List<String> channels, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<ChannelTrack>> all = new ArrayList<>(conns.size() * channels.size());
    int batch = 0;
    for (Conn c : conns) {
      for (String ch : channels) {
        all.add(c.subscribe(ch));
      }
      // Bound the commands in flight so a big subscribe wave does not become one burst.
      if (++batch % 500 == 0) {
        for (int i = Math.max(0, all.size() - 500 * channels.size()); i < all.size(); i++) {
          all.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      }
    }
    for (CompletableFuture<ChannelTrack> f : all) {
      f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  /** Closes the given connections and waits (bounded) until they are closed. */
  public static void closeAll(List<Conn> conns, Duration timeout) {
    for (Conn c : conns) {
      c.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Conn c : conns) {
      try {
        c.closed().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    for (NioLoop loop : loops) {
      loop.close();
    }
  }
}
