package dev.tidings.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.NodeClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.stats.ProcessProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fan-out with more than one kind of client, interleaved: every server under test runs at the same time and each
 * repeat measures, in turn, every (client, server) pair at the same rate, so a drift of the shared machine hits
 * Tidings and the bare server alike. Each case opens its own subscribers, warms up, measures, and closes them
 * (subscribers of one pair never receive another pair's events).
 *
 * <p>Clients: {@code java}, the suite's NIO client (results under scenario {@code fanout}); {@code node}, the npm
 * {@code ws} package in a Node.js process ({@code bench/node}, results under {@code fanout-node}).
 */
public final class ClientFanOut {

  /** Where the node client lives and how it is set up. */
  public record NodeSetup(Path dir, boolean deflate, Path logDir) {}

  private ClientFanOut() {
  }

  public static String scenarioName(String client) {
    return client.equals("java") ? "fanout" : "fanout-" + client;
  }

  public static void run(List<Sut> suts, List<String> clients, NodeSetup node, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    Map<String, List<Result>> repeats = new LinkedHashMap<>();
    Map<String, Boolean> warmed = new LinkedHashMap<>();
    if (!s.smoke() && !s.rates().isEmpty()) {
      // One unrecorded round of every (client, server) case first: the JIT compilers of both servers were
      // still busy after five measured cases (C2 at 0.2-1.5 us per delivery, more on the bigger host), so
      // the first measured repeat paid for compilation the later ones did not.
      for (String client : clients) {
        for (Sut sut : suts) {
          warmed.put(client + "|" + sut.name(), true);
          Result r = client.equals("java") ? javaCase(sut, ctx, s.rates().get(0), true)
              : nodeCase(sut, ctx, node, s.rates().get(0), true);
          ctx.log("%s %s client, %s, warm-up round (not recorded): server_cpu_us_per_delivery=%s", sut.name(), client,
              r.kase(), r.number("server_cpu_us_per_delivery"));
        }
      }
    }
    for (int rate : s.rates()) {
      for (int rep = 0; rep < Math.max(1, s.repeat()); rep++) {
        for (String client : clients) {
          for (Sut sut : suts) {
            String key = client + "|" + sut.name() + "|" + rate;
            boolean first = warmed.put(client + "|" + sut.name(), true) == null;
            Result r = switch (client) {
              case "java" -> javaCase(sut, ctx, rate, first);
              case "node" -> nodeCase(sut, ctx, node, rate, first);
              default -> throw new IllegalArgumentException("unknown client " + client);
            };
            r.put("repeat", rep + 1);
            repeats.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            ctx.log("%s %s client, %s, repeat %d: %s", sut.name(), client, r.kase(), rep + 1, r.metrics());
          }
        }
      }
    }
    for (List<Result> rs : repeats.values()) {
      Result m = FanOut.median(rs);
      List<Double> all = new ArrayList<>();
      List<Double> withoutJit = new ArrayList<>();
      for (Result r : rs) {
        all.add(r.number("server_cpu_us_per_delivery"));
        withoutJit.add(r.number("server_cpu_us_per_delivery_without_jit"));
      }
      m.put("server_cpu_us_per_delivery_repeats", all);
      m.put("server_cpu_us_per_delivery_without_jit_repeats", withoutJit);
      ctx.add(m);
    }
  }

  /** Warm-up events of a case: the first case of a pair lets the JIT compile, later ones settle the connections. */
  private static int warmEvents(Sizes s, boolean first) {
    return s.smoke() ? 20 : first ? 1000 : 300;
  }

  private static Result javaCase(Sut sut, BenchContext ctx, int rate, boolean first) throws Exception {
    Sizes s = ctx.sizes();
    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), s.pad())) {
      List<Conn> conns = client.connect(sut.target(), s.subscribers(), 200, Duration.ofSeconds(120));
      try {
        LoadClient.subscribeAll(conns, List.of(sut.channel()), Duration.ofSeconds(120));
        Publisher.Outcome warm = pub.run(sut.channel(), warmEvents(s, first), 0, s.maxInFlight(), 60_000);
        if (warm.accepted() == 0) {
          throw new IllegalStateException(sut.name() + ": publish API accepted nothing: " + warm.firstError());
        }
        FanOut.awaitDelivered(client, conns, warm.accepted(), Duration.ofSeconds(60));
        for (Conn c : conns) {
          c.resetCounts();
        }
        client.eventsSeen().reset();
        long count = count(s, rate);
        long serverCpu0 = sut.process().cpuMicros();
        long serverSys0 = ProcessProbe.systemCpuMicros(sut.process().pid());
        long[] sys0 = ProcessProbe.syscalls(sut.process().pid());
        Map<String, Long> threads0 = ProcessProbe.threadCpuMicros(sut.process().pid());
        long clientCpu0 = ProcessProbe.selfCpuMicros();
        long t0 = System.nanoTime();
        Publisher.Outcome out = pub.run(sut.channel(), count, rate, rate > 0 ? 256 : s.maxInFlight(),
            (s.rateSeconds() + 60) * 1000L);
        long expected = out.accepted() * conns.size();
        boolean complete = Wait.until(() -> client.eventsSeen().sum() >= expected, Duration.ofSeconds(60));
        long t1 = System.nanoTime();
        long serverCpu = sut.process().cpuMicros() - serverCpu0;
        long serverSys = ProcessProbe.systemCpuMicros(sut.process().pid()) - serverSys0;
        long[] sys1 = ProcessProbe.syscalls(sut.process().pid());
        Map<String, Long> threads1 = ProcessProbe.threadCpuMicros(sut.process().pid());
        long clientCpu = ProcessProbe.selfCpuMicros() - clientCpu0;
        if (!complete) {
          Wait.quiet(() -> client.eventsSeen().sum(), Duration.ofSeconds(2), Duration.ofSeconds(20));
        }
        Tally t = Tally.of(conns, out.accepted());
        Result r = common("fanout", sut, rate, conns.size(), out, t.received(), serverCpu, serverSys, clientCpu,
            (t1 - t0) / 1e9);
        syscalls(r, sys0, sys1, t.received());
        byThread(r, threads0, threads1, t.received());
        t.into(r, "");
        return r;
      } finally {
        LoadClient.closeAll(conns, Duration.ofSeconds(30));
      }
    }
  }

  private static Result nodeCase(Sut sut, BenchContext ctx, NodeSetup node, int rate, boolean first)
      throws Exception {
    Sizes s = ctx.sizes();
    try (NodeClient client = NodeClient.start(node.dir(), sut.target(), sut.channel(), s.subscribers(),
        s.sourceAddresses(), node.deflate(), node.logDir(), Duration.ofSeconds(180));
        Publisher pub = new Publisher(sut.target(), s.pad())) {
      client.reset();
      Publisher.Outcome warm = pub.run(sut.channel(), warmEvents(s, first), 0, s.maxInFlight(), 60_000);
      if (warm.accepted() == 0) {
        throw new IllegalStateException(sut.name() + ": publish API accepted nothing: " + warm.firstError());
      }
      awaitNode(client, warm.accepted() * s.subscribers(), Duration.ofSeconds(60));
      client.reset();
      long count = count(s, rate);
      long serverCpu0 = sut.process().cpuMicros();
      long serverSys0 = ProcessProbe.systemCpuMicros(sut.process().pid());
      long[] sys0 = ProcessProbe.syscalls(sut.process().pid());
      Map<String, Long> threads0 = ProcessProbe.threadCpuMicros(sut.process().pid());
      long t0 = System.nanoTime();
      Publisher.Outcome out = pub.run(sut.channel(), count, rate, rate > 0 ? 256 : s.maxInFlight(),
          (s.rateSeconds() + 60) * 1000L);
      boolean complete = awaitNode(client, out.accepted() * s.subscribers(), Duration.ofSeconds(60));
      long t1 = System.nanoTime();
      long serverCpu = sut.process().cpuMicros() - serverCpu0;
      long serverSys = ProcessProbe.systemCpuMicros(sut.process().pid()) - serverSys0;
      long[] sys1 = ProcessProbe.syscalls(sut.process().pid());
      Map<String, Long> threads1 = ProcessProbe.threadCpuMicros(sut.process().pid());
      if (!complete) {
        quietNode(client, Duration.ofSeconds(20));
      }
      JsonNode rep = client.report(out.accepted());
      long received = rep.path("deliveries").asLong();
      Result r = common("fanout-node", sut, rate, rep.path("subscribers").asInt(), out, received, serverCpu,
          serverSys, rep.path("client_cpu_us").asLong(), (t1 - t0) / 1e9);
      syscalls(r, sys0, sys1, received);
      byThread(r, threads0, threads1, received);
      r.put("p50_ms", rep.path("p50_ms").asDouble(Double.NaN));
      r.put("p95_ms", rep.path("p95_ms").asDouble(Double.NaN));
      r.put("p99_ms", rep.path("p99_ms").asDouble(Double.NaN));
      r.put("max_ms", rep.path("max_ms").asDouble(Double.NaN));
      r.put("lost", rep.path("lost").asLong());
      r.put("duplicated", rep.path("duplicated").asLong());
      r.put("unexpected_closes", rep.path("unexpected_closes").asLong());
      r.put("client", "node " + client.ready().path("node").asText() + ", ws " + client.ready().path("ws").asText());
      r.put("ws_extensions", rep.path("extensions").asText(""));
      return r;
    }
  }

  /** Server write and read system calls per delivery (a write may carry many frames when they coalesce). */
  private static void syscalls(Result r, long[] before, long[] after, long received) {
    if (before[0] >= 0 && after[0] >= 0 && received > 0) {
      r.put("server_writes_per_delivery", Math.round((after[0] - before[0]) * 1000.0 / received) / 1000.0);
      r.put("server_reads_per_delivery", Math.round((after[1] - before[1]) * 1000.0 / received) / 1000.0);
    }
  }

  /**
   * Server CPU per delivery by thread group (the six costliest, then "other"): shows whether a difference is in
   * the fan-out thread, the publish path, the JIT or the GC.
   */
  private static void byThread(Result r, Map<String, Long> before, Map<String, Long> after, long received) {
    if (received <= 0 || after.isEmpty()) {
      return;
    }
    List<Map.Entry<String, Long>> diff = new ArrayList<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (d > 0) {
        diff.add(Map.entry(e.getKey(), d));
      }
    }
    diff.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    // The JIT compilers are a warm-up cost, not a per-delivery one: on the shared 2-core machine the
    // host (far more code than the bare server) was still compiling after minutes. Reported apart.
    long total = 0;
    long jit = 0;
    for (Map.Entry<String, Long> e : diff) {
      total += e.getValue();
      if (e.getKey().startsWith("C1 Compiler") || e.getKey().startsWith("C2 Compiler")) {
        jit += e.getValue();
      }
    }
    r.put("server_jit_cpu_us_per_delivery", FanOut.perDelivery(jit, received));
    r.put("server_cpu_us_per_delivery_without_jit", FanOut.perDelivery(total - jit, received));
    Map<String, Double> out = new LinkedHashMap<>();
    long other = 0;
    for (int i = 0; i < diff.size(); i++) {
      if (i < 6) {
        out.put(diff.get(i).getKey(), FanOut.perDelivery(diff.get(i).getValue(), received));
      } else {
        other += diff.get(i).getValue();
      }
    }
    if (other > 0) {
      out.put("other", FanOut.perDelivery(other, received));
    }
    r.put("server_cpu_us_per_delivery_by_thread", out);
  }

  private static long count(Sizes s, int rate) {
    return rate > 0 ? (long) rate * s.rateSeconds() : s.maxEvents();
  }

  private static Result common(String scenario, Sut sut, int rate, int subscribers, Publisher.Outcome out,
      long received, long serverCpu, long serverSys, long clientCpu, double seconds) {
    Result r = new Result(scenario, rate > 0 ? rate + "/s" : "max", sut.name());
    r.put("subscribers", subscribers);
    r.put("events", out.accepted());
    r.put("rejected", out.rejected() + out.failed());
    r.put("accepted_per_s", FanOut.round(out.acceptedPerSecond()));
    r.put("deliveries", received);
    r.put("deliveries_per_s", FanOut.round(received / seconds));
    r.put("server_cpu_us_per_delivery", FanOut.perDelivery(serverCpu, received));
    r.put("server_kernel_cpu_pct", serverCpu == 0 ? 0 : Math.round(serverSys * 100.0 / serverCpu));
    r.put("client_cpu_us_per_delivery", FanOut.perDelivery(clientCpu, received));
    return r;
  }

  /** Polls the node client's count (every 50 ms: each poll is a command to it) until {@code expected}. */
  private static boolean awaitNode(NodeClient client, long expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (client.deliveries() >= expected) {
        return true;
      }
      Thread.sleep(50);
    }
    return client.deliveries() >= expected;
  }

  private static void quietNode(NodeClient client, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = client.deliveries();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - since < 2_000_000_000L) {
      Thread.sleep(100);
      long now = client.deliveries();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
    }
  }
}
