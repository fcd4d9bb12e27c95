package dev.tidings.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one scenario case on one server; metric names carry their unit (e.g. {@code p99_ms}). */
public final class Result {

  private final String scenario;
  private final String kase;
  private final String server;
  private final Map<String, Object> metrics = new LinkedHashMap<>();
  private final Map<String, Double> ratios = new LinkedHashMap<>();

  public Result(String scenario, String kase, String server) {
    this.scenario = scenario;
    this.kase = kase;
    this.server = server;
  }

  public Result put(String metric, Object value) {
    metrics.put(metric, value);
    return this;
  }

  public String scenario() {
    return scenario;
  }

  public String kase() {
    return kase;
  }

  public String server() {
    return server;
  }

  public Map<String, Object> metrics() {
    return metrics;
  }

  public Map<String, Double> ratios() {
    return ratios;
  }

  /** A metric as a number, or NaN. */
  public double number(String metric) {
    Object v = metrics.get(metric);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** Lost plus duplicated events (any correctness failure this case counts). */
  public long errors() {
    double lost = number("lost");
    double dup = number("duplicated");
    return (long) ((Double.isNaN(lost) ? 0 : lost) + (Double.isNaN(dup) ? 0 : dup));
  }
}
