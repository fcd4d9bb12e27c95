package dev.tidings.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the run's charts: fan-out latency percentiles vs load, and live heap vs idle connections. */
public final class Charts {

  private Charts() {
  }

  public static void write(List<Result> results, Path outDir, String stamp) throws IOException {
    SvgChart latency = new SvgChart("Fan-out: publish-to-receipt latency", "publish rate", "milliseconds");
    SvgChart cpu = new SvgChart("Fan-out: server CPU per delivery", "publish rate", "microseconds");
    SvgChart memory = new SvgChart("Idle connections: live heap after full GC", "connections", "MiB");
    for (Result r : results) {
      if (r.scenario().equals("fanout")) {
        if (!r.kase().equals("max")) {
          // At "as fast as accepted" latency is mostly queueing behind the backlog: a scale of its own.
          latency.point(r.server() + " p50", r.kase(), r.number("p50_ms"));
          latency.point(r.server() + " p99", r.kase(), r.number("p99_ms"));
        }
        cpu.point(r.server(), r.kase(), r.number("server_cpu_us_per_delivery"));
      } else if (r.scenario().equals("idle")) {
        memory.point(r.server() + " heap", r.kase(), r.number("live_heap_kib") / 1024.0);
        memory.point(r.server() + " RSS", r.kase(), r.number("rss_kib") / 1024.0);
      }
    }
    write(latency, outDir.resolve("fanout-latency-" + stamp + ".svg"));
    write(cpu, outDir.resolve("fanout-cpu-" + stamp + ".svg"));
    write(memory, outDir.resolve("idle-memory-" + stamp + ".svg"));
  }

  private static void write(SvgChart chart, Path file) throws IOException {
    if (!chart.isEmpty()) {
      Files.writeString(file, chart.render());
    }
  }
}
