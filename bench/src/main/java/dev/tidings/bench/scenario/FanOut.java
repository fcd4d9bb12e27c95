package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.stats.ProcessProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Fan-out: N subscribers on one channel, events through the publish API at fixed rates and as fast as
 * accepted; deliveries/s, server and client CPU per delivery, publish-to-receipt percentiles, loss.
 */
public final class FanOut {

  private FanOut() {
  }

  public static void run(Sut sut, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), s.pad())) {
      List<Conn> conns = client.connect(sut.target(), s.subscribers(), 200, Duration.ofSeconds(120));
      LoadClient.subscribeAll(conns, List.of(sut.channel()), Duration.ofSeconds(120));
      ctx.log("%s fan-out: %d subscribers ready", sut.name(), conns.size());
      // Warm-up, not measured: lets the JIT compile the paths on both servers alike.
      Publisher.Outcome warm = pub.run(sut.channel(), s.smoke() ? 20 : 1000, 0, s.maxInFlight(), 60_000);
      awaitDelivered(client, conns, warm.accepted(), Duration.ofSeconds(60));
      if (warm.accepted() == 0) {
        throw new IllegalStateException(sut.name() + ": publish API accepted nothing: " + warm.firstError());
      }
      for (int rate : s.rates()) {
        List<Result> repeats = new ArrayList<>();
        for (int rep = 0; rep < Math.max(1, s.repeat()); rep++) {
          repeats.add(runCase(sut, ctx, client, pub, conns, rate));
        }
        ctx.add(median(repeats));
      }
      LoadClient.closeAll(conns, Duration.ofSeconds(30));
    }
  }

  private static Result runCase(Sut sut, BenchContext ctx, LoadClient client, Publisher pub, List<Conn> conns,
      int rate) throws Exception {
    Sizes s = ctx.sizes();
    for (Conn c : conns) {
      c.resetCounts();
    }
    client.eventsSeen().reset();
    long count = rate > 0 ? (long) rate * s.rateSeconds() : s.maxEvents();
    long serverCpu0 = sut.process().cpuMicros();
    long serverSys0 = ProcessProbe.systemCpuMicros(sut.process().pid());
    long clientCpu0 = ProcessProbe.selfCpuMicros();
    long t0 = System.nanoTime();
    Publisher.Outcome out = pub.run(sut.channel(), count, rate, rate > 0 ? 256 : s.maxInFlight(),
        (s.rateSeconds() + 60) * 1000L);
    long expected = out.accepted() * conns.size();
    boolean complete = Wait.until(() -> client.eventsSeen().sum() >= expected, Duration.ofSeconds(60));
    long t1 = System.nanoTime();
    long serverCpu = sut.process().cpuMicros() - serverCpu0;
    long serverSys = ProcessProbe.systemCpuMicros(sut.process().pid()) - serverSys0;
    long clientCpu = ProcessProbe.selfCpuMicros() - clientCpu0;
    if (!complete) {
      // Give stragglers a last bounded chance so loss is not over-counted.
      Wait.quiet(() -> client.eventsSeen().sum(), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }
    Tally t = Tally.of(conns, out.accepted());
    double seconds = (t1 - t0) / 1e9;
    Result r = new Result("fanout", rate > 0 ? rate + "/s" : "max", sut.name());
    r.put("subscribers", conns.size());
    r.put("events", out.accepted());
    r.put("rejected", out.rejected() + out.failed());
    r.put("accepted_per_s", round(out.acceptedPerSecond()));
    r.put("deliveries", t.received());
    r.put("deliveries_per_s", round(t.received() / seconds));
    r.put("server_cpu_us_per_delivery", perDelivery(serverCpu, t.received()));
    r.put("server_kernel_cpu_pct", serverCpu == 0 ? 0 : Math.round(serverSys * 100.0 / serverCpu));
    r.put("client_cpu_us_per_delivery", perDelivery(clientCpu, t.received()));
    t.into(r, "");
    ctx.log("%s fan-out %s: %s", sut.name(), r.kase(), r.metrics());
    if (out.firstError() != null) {
      ctx.log("%s fan-out %s: first publish error: %s", sut.name(), r.kase(), out.firstError());
    }
    return r;
  }

  static void awaitDelivered(LoadClient client, List<Conn> conns, long events, Duration timeout)
      throws InterruptedException {
    long expected = events * conns.size();
    Wait.until(() -> client.eventsSeen().sum() >= expected, timeout);
  }

  static double perDelivery(long cpuMicros, long deliveries) {
    return deliveries == 0 ? Double.NaN : Math.round(cpuMicros * 1000.0 / deliveries) / 1000.0;
  }

  static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  /** The repeat with the median server CPU per delivery (keeps one consistent run's figures). */
  static Result median(List<Result> repeats) {
    if (repeats.size() == 1) {
      return repeats.get(0);
    }
    List<Result> sorted = new ArrayList<>(repeats);
    sorted.sort(Comparator.comparingDouble(r -> r.number("server_cpu_us_per_delivery")));
    Result m = sorted.get(sorted.size() / 2);
    Result out = new Result(m.scenario(), m.kase(), m.server());
    for (Map.Entry<String, Object> e : m.metrics().entrySet()) {
      out.put(e.getKey(), e.getValue());
    }
    out.put("repeats", repeats.size());
    long lost = 0;
    long dup = 0;
    for (Result r : repeats) {
      lost += (long) r.number("lost");
      dup += (long) r.number("duplicated");
    }
    // Loss in any repeat must show, not only in the median one.
    out.put("lost", lost);
    out.put("duplicated", dup);
    return out;
  }
}
