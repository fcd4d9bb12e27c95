package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.stats.ProcessProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several nodes: the fan-out of {@link FanOut} (same client, rate and subscriber count) on Tidings laid out in
 * different ways, measured in one run and interleaved per repeat so a drift of the shared machine hits every
 * layout alike. The first variant is the baseline (one node, default mode); every other one is compared with it
 * repeat by repeat. Subscribers are spread round-robin over a variant's nodes; events are published on its first
 * node. Subscribers stay connected for the whole run (each variant has its own servers and Redis key prefix, so
 * no subscriber sees another variant's events).
 */
public final class Nodes {

  public static final String SCENARIO = "nodes";
  /** Issue 11's target: cross-node p99 within this many milliseconds of the single node's at 100 events/s. */
  public static final double TARGET_P99_DIFF_MS = 2.0;

  /**
   * One layout under test: its nodes (events are published on the first), the Redis behind them ({@code redisPid}
   * -1: none) and a short description for the results.
   */
  public record Variant(String name, String layout, List<Sut> nodes, long redisPid) {}

  private Nodes() {
  }

  public static void run(List<Variant> variants, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    List<Live> live = new ArrayList<>();
    try {
      for (Variant v : variants) {
        live.add(Live.open(v, ctx));
      }
      if (!s.smoke() && !s.rates().isEmpty()) {
        // One unrecorded case per variant first, as in ClientFanOut: the JIT compilers are still busy after the
        // warm-up burst, and the first measured repeat would pay for it.
        for (Live l : live) {
          Result r = l.measure(s.rates().get(0), ctx);
          ctx.log("%s nodes, %s, warm-up round (not recorded): p99_ms=%s server_cpu_us_per_delivery=%s",
              l.variant.name(), r.kase(), r.number("p99_ms"), r.number("server_cpu_us_per_delivery"));
        }
      }
      for (int rate : s.rates()) {
        Map<String, List<Result>> repeats = new LinkedHashMap<>();
        for (int rep = 0; rep < Math.max(1, s.repeat()); rep++) {
          for (Live l : live) {
            Result r = l.measure(rate, ctx);
            r.put("repeat", rep + 1);
            repeats.computeIfAbsent(l.variant.name(), k -> new ArrayList<>()).add(r);
            ctx.log("%s nodes %s, repeat %d: %s", l.variant.name(), r.kase(), rep + 1, r.metrics());
          }
        }
        List<Result> baseline = repeats.get(variants.get(0).name());
        for (List<Result> rs : repeats.values()) {
          Result m = medianOf(rs);
          if (rs != baseline) {
            compare(m, rs, baseline, variants.get(0).name());
          }
          ctx.add(m);
        }
      }
    } finally {
      for (Live l : live) {
        l.close();
      }
    }
  }

  /** A variant with its subscribers connected, per node, and a publisher on its first node. */
  private static final class Live implements AutoCloseable {
    final Variant variant;
    final LoadClient client;
    final List<List<Conn>> byNode = new ArrayList<>();
    final List<Conn> all = new ArrayList<>();

    private Live(Variant variant, LoadClient client) {
      this.variant = variant;
      this.client = client;
    }

    static Live open(Variant v, BenchContext ctx) throws Exception {
      Sizes s = ctx.sizes();
      Live l = new Live(v, ctx.newClient());
      try {
        int n = v.nodes().size();
        for (int i = 0; i < n; i++) {
          // Round-robin: subscriber k on node k % n, so node i gets ceil or floor of subscribers / n.
          int count = s.subscribers() / n + (i < s.subscribers() % n ? 1 : 0);
          Sut node = v.nodes().get(i);
          List<Conn> conns = l.client.connect(node.target(), count, 200, Duration.ofSeconds(120));
          l.byNode.add(conns);
          l.all.addAll(conns);
          LoadClient.subscribeAll(conns, List.of(node.channel()), Duration.ofSeconds(120));
        }
        ctx.log("%s nodes: %d subscribers ready on %d node(s)", v.name(), l.all.size(), n);
        try (Publisher pub = new Publisher(v.nodes().get(0).target(), s.pad())) {
          l.warmUp(pub, s.smoke() ? 20 : 1000);
        }
        return l;
      } catch (Exception e) {
        l.close();
        throw e;
      }
    }

    /** Publishes {@code events} as fast as accepted and waits until every subscriber has them (not measured). */
    void warmUp(Publisher pub, int events) throws Exception {
      for (Conn c : all) {
        c.resetCounts();
      }
      Publisher.Outcome warm = pub.run(variant.nodes().get(0).channel(), events, 0, 4, 60_000); // 4 in flight, as --max-in-flight
      if (warm.accepted() == 0) {
        throw new IllegalStateException(variant.name() + ": publish API accepted nothing: " + warm.firstError());
      }
      everyConnectionHas(warm.accepted(), Duration.ofSeconds(60));
      Wait.quiet(() -> client.eventsSeen().sum(), Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    /**
     * Waits until every connection has {@code events} (not the sum over all: on a starved machine warm-up
     * stragglers on some connections made the sum complete while others were still seconds behind, and the
     * case ended early with "lost" events that were only late).
     */
    boolean everyConnectionHas(long events, Duration timeout) throws InterruptedException {
      long expected = events * all.size();
      if (!Wait.until(() -> client.eventsSeen().sum() >= expected, timeout)) {
        return false;
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Conn c : all) {
        while (c.totals()[0] < events) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          Thread.sleep(5);
        }
      }
      return true;
    }

    /**
     * One measured case, with a fresh publisher and a short warm-up first, as ClientFanOut does per case: the
     * other variants' cases leave this one idle for longer than the host's HTTP idle timeout, and a publish
     * sent on a pooled connection the host is just closing fails (seen: EOFException, 5 of 1,000).
     */
    Result measure(int rate, BenchContext ctx) throws Exception {
      try (Publisher pub = new Publisher(variant.nodes().get(0).target(), ctx.sizes().pad())) {
        warmUp(pub, ctx.sizes().smoke() ? 20 : 300);
        return measure(pub, rate, ctx);
      }
    }

    private Result measure(Publisher pub, int rate, BenchContext ctx) throws Exception {
      Sizes s = ctx.sizes();
      for (Conn c : all) {
        c.resetCounts();
      }
      client.eventsSeen().reset();
      long count = rate > 0 ? (long) rate * s.rateSeconds() : s.maxEvents();
      List<Sut> nodes = variant.nodes();
      long[] cpu0 = new long[nodes.size()];
      for (int i = 0; i < nodes.size(); i++) {
        cpu0[i] = nodes.get(i).process().cpuMicros();
      }
      long redis0 = variant.redisPid() > 0 ? ProcessProbe.cpuMicros(variant.redisPid()) : 0;
      long clientCpu0 = ProcessProbe.selfCpuMicros();
      pub.drainAnswerTimes(); // the warm-up's
      long t0 = System.nanoTime();
      Publisher.Outcome out = pub.run(nodes.get(0).channel(), count, rate, rate > 0 ? 256 : s.maxInFlight(),
          (s.rateSeconds() + 60) * 1000L);
      boolean complete = everyConnectionHas(out.accepted(), Duration.ofSeconds(60));
      long t1 = System.nanoTime();
      List<Long> cpu = new ArrayList<>();
      long serverCpu = 0;
      for (int i = 0; i < nodes.size(); i++) {
        long d = nodes.get(i).process().cpuMicros() - cpu0[i];
        cpu.add(d);
        serverCpu += d;
      }
      long redisCpu = variant.redisPid() > 0 ? ProcessProbe.cpuMicros(variant.redisPid()) - redis0 : 0;
      long clientCpu = ProcessProbe.selfCpuMicros() - clientCpu0;
      if (!complete) {
        // Give stragglers a last bounded chance so loss is not over-counted.
        Wait.quiet(() -> client.eventsSeen().sum(), Duration.ofSeconds(2), Duration.ofSeconds(20));
      }
      List<Tally> perNode = new ArrayList<>();
      for (List<Conn> conns : byNode) {
        perNode.add(Tally.of(conns, out.accepted())); // drains each connection's latencies once
      }
      Tally t = Tally.sum(perNode);
      long gaps = 0;
      long closed = 0;
      for (Conn c : all) {
        gaps += c.totals()[2];
        closed += c.isOpen() ? 0 : 1;
      }
      Result r = new Result(SCENARIO, rate > 0 ? rate + "/s" : "max", variant.name());
      r.put("layout", variant.layout());
      r.put("nodes", nodes.size());
      r.put("subscribers", all.size());
      r.put("subscribers_per_node", byNode.stream().map(List::size).toList());
      r.put("publishing_node", nodes.get(0).name());
      r.put("events", out.accepted());
      r.put("rejected", out.rejected() + out.failed());
      r.put("accepted_per_s", FanOut.round(out.acceptedPerSecond()));
      r.put("deliveries", t.received());
      r.put("deliveries_per_s", FanOut.round(t.received() / ((t1 - t0) / 1e9)));
      // All host processes of the variant together; Redis apart (it is per event, not per delivery, work).
      r.put("server_cpu_us_per_delivery", FanOut.perDelivery(serverCpu, t.received()));
      r.put("server_cpu_us_per_delivery_by_node", cpu.stream().map(c -> FanOut.perDelivery(c, t.received()))
          .toList());
      if (variant.redisPid() > 0) {
        r.put("redis_cpu_us_per_delivery", FanOut.perDelivery(redisCpu, t.received()));
        r.put("redis_cpu_us_per_event", FanOut.perDelivery(redisCpu, out.accepted()));
      }
      r.put("client_cpu_us_per_delivery", FanOut.perDelivery(clientCpu, t.received()));
      t.into(r, "");
      // Offset jumps (events a connection never got, however late) and connections the server closed: with
      // "lost" (short of the accepted count when the wait ended) they tell real loss from lateness.
      r.put("gaps", gaps);
      r.put("connections_closed", closed);
      // How long the publishing node took to answer the publish API (append to the log / Redis included): the
      // part of publish-to-receipt spent before fan-out starts.
      var answers = pub.drainAnswerTimes();
      r.put("publish_answer_p50_ms", Tally.ms(answers.percentile(50)));
      r.put("publish_answer_p99_ms", Tally.ms(answers.percentile(99)));
      if (nodes.size() > 1) {
        perNode.get(0).into(r, "publishing_node_");
        Tally.sum(perNode.subList(1, perNode.size())).into(r, "other_nodes_");
      }
      if (out.firstError() != null) {
        ctx.log("%s nodes %s: first publish error: %s", variant.name(), r.kase(), out.firstError());
      }
      return r;
    }

    @Override
    public void close() {
      LoadClient.closeAll(all, Duration.ofSeconds(30));
      client.close();
    }
  }

  /** Every numeric figure as the median over the repeats (lists are kept for the headline ones); loss summed. */
  static Result medianOf(List<Result> repeats) {
    Result first = repeats.get(0);
    Result m = new Result(first.scenario(), first.kase(), first.server());
    for (Map.Entry<String, Object> e : first.metrics().entrySet()) {
      String key = e.getKey();
      if (key.equals("repeat")) {
        continue;
      }
      if (e.getValue() instanceof Number n) {
        double v = median(repeats.stream().map(r -> r.number(key)).toList());
        m.put(key, n instanceof Integer || n instanceof Long ? (Object) Math.round(v) : (Object) v);
      } else if (key.endsWith("_by_node") && e.getValue() instanceof List<?> list) {
        List<Double> perNode = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          int node = i;
          perNode.add(median(repeats.stream().map(r -> ((Number) ((List<?>) r.metrics().get(key)).get(node))
              .doubleValue()).toList()));
        }
        m.put(key, perNode);
      } else {
        m.put(key, e.getValue());
      }
    }
    m.put("repeats", repeats.size());
    for (String key : List.of("lost", "duplicated", "rejected", "gaps", "publishing_node_lost", "publishing_node_duplicated",
        "other_nodes_lost", "other_nodes_duplicated")) {
      if (first.metrics().containsKey(key)) {
        // Loss (and failed publishes) in any repeat must show, not only in a median one.
        m.put(key, (long) repeats.stream().mapToDouble(r -> r.number(key)).sum());
      }
    }
    // Connections stay open over the repeats: the most closed at the end of any repeat.
    m.put("connections_closed", (long) repeats.stream().mapToDouble(r -> r.number("connections_closed")).max()
        .orElse(0));
    for (String key : List.of("p50_ms", "p99_ms", "max_ms", "server_cpu_us_per_delivery",
        "redis_cpu_us_per_delivery")) {
      if (first.metrics().containsKey(key)) {
        m.put(key + "_repeats", repeats.stream().map(r -> r.number(key)).toList());
      }
    }
    return m;
  }

  /**
   * Differences to the baseline, paired by repeat (both ran back to back, so the pair shares the machine's state):
   * the median of the per-repeat differences, and the p99 difference against the 2 ms target.
   */
  static void compare(Result m, List<Result> rs, List<Result> baseline, String baselineName) {
    int n = Math.min(rs.size(), baseline.size());
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      p50.add(FanOut.round(rs.get(i).number("p50_ms") - baseline.get(i).number("p50_ms")));
      p99.add(FanOut.round(rs.get(i).number("p99_ms") - baseline.get(i).number("p99_ms")));
      double b = baseline.get(i).number("server_cpu_us_per_delivery");
      cpu.add(b > 0 ? Math.round(rs.get(i).number("server_cpu_us_per_delivery") / b * 100.0) / 100.0 : Double.NaN);
    }
    double p99Diff = median(p99);
    m.put("baseline", baselineName);
    m.put("p50_diff_ms_vs_baseline", median(p50));
    m.put("p99_diff_ms_vs_baseline", p99Diff);
    m.put("p99_diff_ms_vs_baseline_repeats", p99);
    m.put("p99_target_diff_ms", TARGET_P99_DIFF_MS);
    m.put("p99_within_target", p99Diff <= TARGET_P99_DIFF_MS);
    m.put("server_cpu_ratio_vs_baseline", median(cpu));
    m.put("server_cpu_ratio_vs_baseline_repeats", cpu);
  }

  static double median(List<Double> values) {
    List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
    if (v.isEmpty()) {
      return Double.NaN;
    }
    int k = v.size() / 2;
    double x = v.size() % 2 == 1 ? v.get(k) : (v.get(k - 1) + v.get(k)) / 2;
    return Math.round(x * 1000.0) / 1000.0;
  }
}
