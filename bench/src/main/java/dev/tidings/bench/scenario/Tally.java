package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.stats.Histogram;
import java.util.List;

/** Sums what a set of connections received against what each should have received. */
record Tally(long received, long duplicated, long lost, int clientsWithLoss, Histogram latency) {

  static Tally of(List<Conn> conns, long expectedPerConn) {
    long received = 0;
    long dup = 0;
    long lost = 0;
    int lossy = 0;
    Histogram h = new Histogram();
    for (Conn c : conns) {
      long[] t = c.totals();
      received += t[0];
      dup += t[1];
      long l = Math.max(0, expectedPerConn - t[0]);
      lost += l;
      if (l > 0 || t[1] > 0) {
        lossy++;
      }
      c.drainLatency(h);
    }
    return new Tally(received, dup, lost, lossy, h);
  }

  /** The tallies of several groups of connections as one (each group drained once, by {@link #of}). */
  static Tally sum(List<Tally> parts) {
    long received = 0;
    long dup = 0;
    long lost = 0;
    int lossy = 0;
    Histogram h = new Histogram();
    for (Tally t : parts) {
      received += t.received;
      dup += t.duplicated;
      lost += t.lost;
      lossy += t.clientsWithLoss;
      h.add(t.latency);
    }
    return new Tally(received, dup, lost, lossy, h);
  }

  /** Writes the latency percentiles (milliseconds) and loss figures into a result. */
  void into(Result r, String prefix) {
    r.put(prefix + "p50_ms", ms(latency.percentile(50)));
    r.put(prefix + "p95_ms", ms(latency.percentile(95)));
    r.put(prefix + "p99_ms", ms(latency.percentile(99)));
    r.put(prefix + "max_ms", ms(latency.max()));
    r.put(prefix.isEmpty() ? "lost" : prefix + "lost", lost);
    r.put(prefix.isEmpty() ? "duplicated" : prefix + "duplicated", duplicated);
  }

  static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
