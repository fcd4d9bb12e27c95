package dev.tidings.bench.floor;

import dev.tidings.bench.report.Result;
import dev.tidings.bench.stats.Histogram;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under any fan-out server on this machine: one thread writes a pre-built WebSocket frame
 * to each of N loopback sockets per event, with nothing else (no HTTP, no framing code, no queues);
 * reader threads consume them as the load client does. Its CPU per delivery is what one
 * {@code write} system call plus the kernel's loopback delivery costs here, so a server that makes one
 * write per delivery cannot go below it at rates too low to coalesce events.
 */
public final class LoopbackFloor {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int subscribers;
  private final int frameBytes;
  private final int readers;
  private final List<InetSocketAddress> sources;

  /** {@code frameBytes}: size of each frame on the wire (at least 16); {@code sourceAddresses} as the load client's. */
  public LoopbackFloor(int subscribers, int frameBytes, int readers, int sourceAddresses) {
    this.subscribers = subscribers;
    this.frameBytes = Math.max(16, frameBytes);
    this.readers = Math.max(1, readers);
    this.sources = new ArrayList<>();
    for (int i = 0; i < Math.max(1, sourceAddresses); i++) {
      sources.add(new InetSocketAddress(sourceAddresses > 1 ? "127.0.0." + (2 + i) : "127.0.0.1", 0));
    }
  }

  /** Sends {@code events} events at {@code rate} per second to every socket and reports as a fan-out result. */
  public Result run(int rate, int events, long timeoutMillis) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
      List<SocketChannel> outbound = new ArrayList<>(subscribers);
      List<Reader> readerList = new ArrayList<>();
      for (int i = 0; i < readers; i++) {
        readerList.add(new Reader("floor-read-" + i, frameBytes));
      }
      try {
        for (int i = 0; i < subscribers; i++) {
          SocketChannel client = SocketChannel.open();
          client.setOption(StandardSocketOptions.TCP_NODELAY, true);
          client.bind(sources.get(i % sources.size()));
          client.connect(server.getLocalAddress());
          SocketChannel accepted = server.accept();
          accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
          outbound.add(accepted);
          readerList.get(i % readers).add(client);
        }
        readerList.forEach(Reader::start);
        return fanOut(outbound, readerList, rate, events, timeoutMillis);
      } finally {
        readerList.forEach(Reader::stop);
        for (SocketChannel c : outbound) {
          c.close();
        }
      }
    }
  }

  private Result fanOut(List<SocketChannel> outbound, List<Reader> readerList, int rate, int events,
      long timeoutMillis) throws Exception {
    ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
    // A WebSocket text frame header as a server sends it (no mask); payload length fits 16 bits here.
    frame.put((byte) 0x81).put((byte) 126).putShort((short) (frameBytes - 4));
    long readCpu0 = readerList.stream().mapToLong(Reader::cpuNanos).sum();
    long writeCpu0 = THREADS.getCurrentThreadCpuTime();
    long writeUser0 = THREADS.getCurrentThreadUserTime();
    long period = rate > 0 ? 1_000_000_000L / rate : 0;
    long start = System.nanoTime();
    for (int e = 0; e < events; e++) {
      if (period > 0) {
        long due = start + e * period;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      frame.putLong(4, System.nanoTime());
      for (SocketChannel c : outbound) {
        ByteBuffer b = frame.duplicate().clear();
        while (b.hasRemaining()) {
          c.write(b); // blocking socket: returns at once unless the receiver fell a whole buffer behind
        }
      }
    }
    long writeCpu = THREADS.getCurrentThreadCpuTime() - writeCpu0;
    long writeUser = THREADS.getCurrentThreadUserTime() - writeUser0;
    long expected = (long) events * outbound.size();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (received(readerList) < expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long readCpu = readerList.stream().mapToLong(Reader::cpuNanos).sum() - readCpu0;
    long got = received(readerList);
    Histogram h = new Histogram();
    readerList.forEach(r -> r.drainInto(h));
    Result r = new Result("fanout", rate > 0 ? rate + "/s" : "max", "floor");
    r.put("subscribers", outbound.size());
    r.put("events", events);
    r.put("deliveries", got);
    r.put("deliveries_per_s", Math.round(got / seconds * 10) / 10.0);
    r.put("frame_bytes", frameBytes);
    r.put("server_cpu_us_per_delivery", perDelivery(writeCpu, got));
    r.put("server_kernel_cpu_pct", writeCpu == 0 ? 0 : Math.round((writeCpu - writeUser) * 100.0 / writeCpu));
    r.put("client_cpu_us_per_delivery", perDelivery(readCpu, got));
    r.put("p50_ms", ms(h.percentile(50)));
    r.put("p95_ms", ms(h.percentile(95)));
    r.put("p99_ms", ms(h.percentile(99)));
    r.put("max_ms", ms(h.max()));
    r.put("lost", expected - got);
    r.put("duplicated", 0);
    return r;
  }

  private static long received(List<Reader> readerList) {
    return readerList.stream().mapToLong(Reader::frames).sum();
  }

  private static double perDelivery(long cpuNanos, long deliveries) {
    return deliveries == 0 ? Double.NaN : Math.round(cpuNanos / (double) deliveries) / 1000.0;
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  /** One selector thread reading whole frames and recording send-to-receipt latency. */
  private static final class Reader implements Runnable {
    private final Selector selector;
    private final Thread thread;
    private final int frameBytes;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    private final LongAdder frames = new LongAdder();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Histogram latency = new Histogram();
    private volatile long cpuNanos;

    Reader(String name, int frameBytes) throws IOException {
      this.selector = Selector.open();
      this.frameBytes = frameBytes;
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void add(SocketChannel c) throws IOException {
      c.configureBlocking(false);
      // Per connection: bytes of a partly read frame, and that frame's stamp bytes so far.
      c.register(selector, SelectionKey.OP_READ, new long[2]);
      channels.add(c);
    }

    void start() {
      thread.start();
    }

    long frames() {
      return frames.sum();
    }

    long cpuNanos() {
      return cpuNanos;
    }

    @Override
    public void run() {
      try {
        while (running.get()) {
          selector.select(100);
          for (SelectionKey k : selector.selectedKeys()) {
            read((SocketChannel) k.channel(), (long[]) k.attachment());
          }
          selector.selectedKeys().clear();
          cpuNanos = THREADS.getCurrentThreadCpuTime();
        }
      } catch (IOException e) {
        if (running.get()) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    /** Frames are fixed-size: the stamp is bytes 4-11 of each; state[0] = offset into the current frame. */
    private void read(SocketChannel c, long[] state) throws IOException {
      buf.clear();
      if (c.read(buf) <= 0) {
        return;
      }
      long now = System.nanoTime();
      buf.flip();
      while (buf.hasRemaining()) {
        int at = (int) state[0];
        if (at >= 4 && at < 12) {
          state[1] = (state[1] << 8) | (buf.get() & 0xff);
        } else {
          buf.get();
        }
        at++;
        if (at == frameBytes) {
          synchronized (latency) {
            latency.record((now - state[1]) / 1000);
          }
          frames.increment();
          at = 0;
          state[1] = 0;
        }
        state[0] = at;
      }
    }

    void drainInto(Histogram h) {
      synchronized (latency) {
        h.add(latency);
      }
    }

    void stop() {
      running.set(false);
      selector.wakeup();
      try {
        thread.join(2000);
        for (SocketChannel c : channels) {
          c.close();
        }
        selector.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException ignored) {
        // closing at the end of a measurement
      }
    }
  }
}
