package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import java.time.Duration;
import java.util.List;

/**
 * Churn: waves of connect, subscribe, receive one event, disconnect, for a bounded number of cycles;
 * live heap after a full GC at the end against the start shows whether anything leaks.
 */
public final class Churn {

  private Churn() {
  }

  public static void run(Sut sut, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    int batch = Math.max(1, Math.min(s.churnBatch(), s.churnCycles()));
    int waves = Math.max(1, s.churnCycles() / batch);
    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), s.pad())) {
      // One warm-up wave so lazily created server state is in the baseline.
      wave(sut, client, pub, batch, new long[PHASES.length]);
      long heap0 = sut.process().liveHeapKiB();
      long cpu0 = sut.process().cpuMicros();
      long t0 = System.nanoTime();
      long lost = 0;
      long dup = 0;
      long[] phaseNanos = new long[PHASES.length];
      for (int w = 0; w < waves; w++) {
        long[] ld = wave(sut, client, pub, batch, phaseNanos);
        lost += ld[0];
        dup += ld[1];
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu = sut.process().cpuMicros() - cpu0;
      // Wait until the server has processed the closes (its open files stop changing), not a fixed time.
      Wait.quiet(sut.process()::openFiles, Duration.ofMillis(500), Duration.ofSeconds(30));
      long heap1 = sut.process().liveHeapKiB();
      long cycles = (long) waves * batch;
      Result r = new Result("churn", Long.toString(cycles), sut.name());
      r.put("cycles", cycles);
      r.put("cycles_per_s", FanOut.round(cycles / seconds));
      r.put("server_cpu_us_per_cycle", FanOut.round(cpu / (double) cycles));
      r.put("heap_start_kib", heap0);
      r.put("heap_end_kib", heap1);
      r.put("heap_end_vs_start_pct", FanOut.round((heap1 - heap0) * 100.0 / heap0));
      // Where a wave's wall-clock time goes, so a low cycle rate can be traced to one phase.
      for (int i = 0; i < PHASES.length; i++) {
        r.put(PHASES[i] + "_ms_per_wave", FanOut.round(phaseNanos[i] / 1e6 / waves));
      }
      r.put("lost", lost);
      r.put("duplicated", dup);
      ctx.add(r);
      ctx.log("%s churn: %s", sut.name(), r.metrics());
    }
  }

  static final String[] PHASES = {"connect", "subscribe", "publish", "receive", "close"};

  /** One wave; returns {lost, duplicated} and adds each phase's wall-clock time to {@code phaseNanos}. */
  static long[] wave(Sut sut, LoadClient client, Publisher pub, int batch, long[] phaseNanos)
      throws Exception {
    long t = System.nanoTime();
    List<Conn> conns = client.connect(sut.target(), batch, 256, Duration.ofSeconds(120));
    t = lap(phaseNanos, 0, t);
    LoadClient.subscribeAll(conns, List.of(sut.channel()), Duration.ofSeconds(120));
    t = lap(phaseNanos, 1, t);
    int status = pub.publishOne(sut.channel());
    if (status / 100 != 2) {
      throw new IllegalStateException("publish answered HTTP " + status);
    }
    t = lap(phaseNanos, 2, t);
    Wait.until(() -> conns.stream().allMatch(c -> c.totals()[0] >= 1), Duration.ofSeconds(30));
    t = lap(phaseNanos, 3, t);
    Tally tally = Tally.of(conns, 1);
    LoadClient.closeAll(conns, Duration.ofSeconds(30));
    lap(phaseNanos, 4, t);
    return new long[] {tally.lost(), tally.duplicated()};
  }

  private static long lap(long[] phaseNanos, int phase, long since) {
    long now = System.nanoTime();
    phaseNanos[phase] += now - since;
    return now;
  }
}
