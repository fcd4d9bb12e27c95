package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.report.Result;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idle connections: for each size, open that many authenticated connections each subscribed to three
 * channels, then measure the server's live heap after a full GC and its RSS, per connection.
 */
public final class IdleConnections {

  private IdleConnections() {
  }

  public static void run(Sut sut, BenchContext ctx) throws Exception {
    // One small wave first, so state created once per server (caches, pools) is in the baseline.
    try (LoadClient client = ctx.newClient()) {
      List<Conn> warm = client.connect(sut.target(), 200, 200, Duration.ofSeconds(60));
      LoadClient.subscribeAll(warm, sut.idleChannels(), Duration.ofSeconds(60));
      LoadClient.closeAll(warm, Duration.ofSeconds(30));
    }
    // Wait until the server has processed the closes (its open files stop changing), not a fixed time.
    Wait.quiet(sut.process()::openFiles, Duration.ofMillis(500), Duration.ofSeconds(30));
    long heap0 = sut.process().liveHeapKiB();
    long rss0 = sut.process().rssKiB();
    ctx.log("%s idle: baseline live heap %d KiB, RSS %d KiB", sut.name(), heap0, rss0);
    for (int size : ctx.sizes().idleSizes()) {
      try (LoadClient client = ctx.newClient()) {
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "idle-pinger");
          t.setDaemon(true);
          return t;
        });
        AtomicReference<List<Conn>> holder = new AtomicReference<>();
        // Application pings keep the connections inside any server idle timeout while they are held.
        pinger.scheduleAtFixedRate(() -> {
          List<Conn> cs = holder.get();
          if (cs != null) {
            cs.forEach(Conn::ping);
          }
        }, 15, 15, TimeUnit.SECONDS);
        try {
          long t0 = System.nanoTime();
          List<Conn> conns = client.connect(sut.target(), size, 256, Duration.ofSeconds(600));
          double connectS = (System.nanoTime() - t0) / 1e9;
          LoadClient.subscribeAll(conns, sut.idleChannels(), Duration.ofSeconds(600));
          double readyS = (System.nanoTime() - t0) / 1e9;
          holder.set(conns);
          long heap = sut.process().liveHeapKiB();
          long rss = sut.process().rssKiB();
          long open = conns.stream().filter(Conn::isOpen).count();
          Result r = new Result("idle", Integer.toString(size), sut.name());
          r.put("connections", size);
          r.put("open_after_gc", open);
          r.put("connect_s", FanOut.round(connectS));
          r.put("connect_and_subscribe_s", FanOut.round(readyS));
          r.put("live_heap_kib", heap);
          r.put("rss_kib", rss);
          r.put("live_heap_kib_per_conn", FanOut.round((heap - heap0) / (double) size));
          r.put("rss_kib_per_conn", FanOut.round((rss - rss0) / (double) size));
          r.put("heap_mib_for_100k_extrapolated", Math.round((heap - heap0) / (double) size * 100_000 / 1024.0));
          r.put("lost", size - open);
          ctx.add(r);
          ctx.log("%s idle %d: %s", sut.name(), size, r.metrics());
          holder.set(null);
          LoadClient.closeAll(conns, Duration.ofSeconds(60));
        } finally {
          pinger.shutdownNow();
        }
      }
      // Wait until the server has processed the closes (its open files stop changing), not a fixed time.
      Wait.quiet(sut.process()::openFiles, Duration.ofMillis(500), Duration.ofSeconds(30));
    }
  }
}
