package dev.tidings.bench.scenario;

import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Soak: churn's waves (connect, subscribe, receive one published event, disconnect) for a long run,
 * usually 1,000,000 cycles, with the server's live heap (after a full GC) and open file descriptors
 * sampled at the start, periodically and at the end. Fails unless both are back at their baseline at
 * the end, nothing was lost or duplicated, and the run finished within its time bound.
 */
public final class Soak {

  /** Soak sizes and bounds from the command line. */
  public record Settings(long cycles, int batch, Duration maxDuration, Duration sampleEvery, double heapTolerancePct,
      long heapSlackKiB, long fdSlack) {}

  /** One sample of the server. */
  record Sample(long cycles, double seconds, long heapKiB, long openFiles) {
    @Override
    public String toString() {
      return String.format("%,d cycles at %.0f s: heap %,d KiB, %d open files", cycles, seconds, heapKiB, openFiles);
    }
  }

  private Soak() {
  }

  public static void run(Sut sut, BenchContext ctx, Settings s) throws Exception {
    int batch = (int) Math.max(1, Math.min(s.batch(), s.cycles()));
    long waves = Math.max(1, s.cycles() / batch);
    List<Sample> samples = new ArrayList<>();
    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), ctx.sizes().pad())) {
      // Warm-up waves so lazily created server state (thread pools, caches, JIT) is in the baseline.
      for (int i = 0; i < 3; i++) {
        Churn.wave(sut, client, pub, batch, new long[Churn.PHASES.length]);
      }
      Sample start = sample(sut, 0, 0);
      samples.add(start);
      ctx.log("%s soak: baseline %s; %,d waves of %d", sut.name(), start, waves, batch);
      long cpu0 = sut.process().cpuMicros();
      long t0 = System.nanoTime();
      long nextSample = t0 + s.sampleEvery().toNanos();
      long deadline = t0 + s.maxDuration().toNanos();
      long lost = 0;
      long dup = 0;
      long done = 0;
      long[] phaseNanos = new long[Churn.PHASES.length];
      boolean timedOut = false;
      for (long w = 0; w < waves; w++) {
        long[] ld = Churn.wave(sut, client, pub, batch, phaseNanos);
        lost += ld[0];
        dup += ld[1];
        done += batch;
        long now = System.nanoTime();
        if (now > deadline) {
          timedOut = true;
          break;
        }
        if (now >= nextSample) {
          Sample m = sample(sut, done, (now - t0) / 1e9);
          samples.add(m);
          ctx.log("%s soak: %s (%.0f cycles/s so far)", sut.name(), m, done / ((now - t0) / 1e9));
          nextSample = System.nanoTime() + s.sampleEvery().toNanos();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu = sut.process().cpuMicros() - cpu0;
      Sample end = sample(sut, done, seconds);
      samples.add(end);
      long heapMax = samples.stream().mapToLong(Sample::heapKiB).max().orElse(-1);
      long fdMax = samples.stream().mapToLong(Sample::openFiles).max().orElse(-1);

      Result r = new Result("soak", Long.toString(done), sut.name());
      r.put("cycles", done);
      r.put("seconds", FanOut.round(seconds));
      r.put("cycles_per_s", FanOut.round(done / seconds));
      r.put("server_cpu_us_per_cycle", FanOut.round(cpu / (double) Math.max(1, done)));
      r.put("heap_start_kib", start.heapKiB());
      r.put("heap_end_kib", end.heapKiB());
      r.put("heap_max_sample_kib", heapMax);
      r.put("heap_end_vs_start_pct", FanOut.round((end.heapKiB() - start.heapKiB()) * 100.0 / start.heapKiB()));
      r.put("open_files_start", start.openFiles());
      r.put("open_files_end", end.openFiles());
      r.put("open_files_max_sample", fdMax);
      r.put("samples", samples.stream().map(Sample::toString).toList());
      r.put("lost", lost);
      r.put("duplicated", dup);
      ctx.add(r);
      ctx.log("%s soak: %s", sut.name(), r.metrics());

      List<String> problems = new ArrayList<>();
      if (timedOut) {
        problems.add("only " + done + " of " + waves * batch + " cycles within " + s.maxDuration());
      }
      long heapBound = start.heapKiB() + Math.max(s.heapSlackKiB(), (long) (start.heapKiB() * s.heapTolerancePct() / 100));
      if (start.heapKiB() < 0 || end.heapKiB() > heapBound) {
        problems.add("heap " + end.heapKiB() + " KiB at the end, baseline " + start.heapKiB() + " KiB (bound " + heapBound + ")");
      }
      if (start.openFiles() < 0 || end.openFiles() > start.openFiles() + s.fdSlack()) {
        problems.add(end.openFiles() + " open files at the end, baseline " + start.openFiles());
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("soak did not return to baseline: " + String.join("; ", problems));
      }
    }
  }

  /** Waits until the server has processed the closes (its open files stop changing), then samples it. */
  private static Sample sample(Sut sut, long cycles, double seconds) throws InterruptedException {
    Wait.quiet(sut.process()::openFiles, Duration.ofMillis(500), Duration.ofSeconds(30));
    long fds = sut.process().openFiles();
    long heap = sut.process().liveHeapKiB();
    return new Sample(cycles, seconds, heap, fds);
  }
}
