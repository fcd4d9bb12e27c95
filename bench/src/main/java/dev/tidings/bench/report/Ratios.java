package dev.tidings.bench.report;

import java.util.List;
import java.util.Set;

/** Adds "Tidings / bare" ratios to every Tidings result that has a bare counterpart from the same run. */
public final class Ratios {

  /** Metrics where a ratio says something (costs, latencies, memory, durations). */
  static final Set<String> COMPARED = Set.of("server_cpu_us_per_delivery", "p50_ms", "p95_ms", "p99_ms", "max_ms",
      "deliveries_per_s", "accepted_per_s", "live_heap_kib_per_conn", "rss_kib_per_conn", "connect_s",
      "server_cpu_us_per_cycle", "cycles_per_s", "heap_end_vs_start_pct", "time_to_subscribed_ms",
      "time_to_all_ms", "fast_p99_ms", "client_cpu_us_per_delivery", "server_cpu_us_per_delivery_without_jit");

  private Ratios() {
  }

  public static void compute(List<Result> results, String baseline) {
    for (Result r : results) {
      if (r.server().equals(baseline)) {
        continue;
      }
      for (Result b : results) {
        if (b.server().equals(baseline) && b.scenario().equals(r.scenario()) && b.kase().equals(r.kase())) {
          for (String m : COMPARED) {
            double x = r.number(m);
            double y = b.number(m);
            if (!Double.isNaN(x) && !Double.isNaN(y) && y != 0) {
              r.ratios().put(m, Math.round(x / y * 100.0) / 100.0);
            }
          }
        }
      }
    }
  }
}
