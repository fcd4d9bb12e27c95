package dev.tidings.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.client.Target;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.server.HostApi;
import dev.tidings.testing.git.GitCli;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Presence (docs/presence.md): N distinct users (1,000) view one pull request, each on its own
 * connection. (1) Heap: the server's live heap after a full GC with the N connections open and
 * subscribed to the repository channel, before and after they all join the pull request's presence
 * channel (every join/snapshot delivered) -> heap per viewer. (2) Typing: the same N connections
 * take a fan-out of the repository channel at a fixed rate; runs without and with T users (100)
 * typing (one {@code typing} each per 2.1 s, each broadcast to the N-1 others), in pairs whose
 * order alternates, after one unmeasured run of each; the fan-out's publish-to-receipt p99 of each
 * run is reported, with the difference of the medians and the median of the paired differences.
 */
public final class Presence {

  public static final String SCENARIO = "presence";
  private static final String PASSWORD = "bench-presence-pw";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Presence() {
  }

  public static void run(Sut sut, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    int viewers = s.smoke() ? 50 : 1000;
    int typists = s.smoke() ? 10 : 100;
    int rate = 100;
    int seconds = s.smoke() ? 5 : Math.max(10, s.rateSeconds());
    int repeats = Math.max(2, s.repeat());
    String repo = sut.channel().substring("repo:".length());
    HostApi api = new HostApi(sut.target().port());
    String admin = sut.target().wsHeaders().get("Authorization");
    // Issue 12 asks for the figures on one pull request: presence:{repo}/pulls/{n}.
    String channel = "presence:" + repo + "/pulls/" + pullRequest(ctx, api, admin, sut.target().port(), repo);
    String prefix = "p" + Long.toString(System.nanoTime() % 100_000, 36);
    long t0 = System.nanoTime();
    List<String> tokens = BenchUsers.create(api, admin, prefix, viewers, PASSWORD, (login, token) -> { });
    ctx.log("%s presence: %d users ready in %.1f s", sut.name(), viewers, (System.nanoTime() - t0) / 1e9);

    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), s.pad())) {
      List<Conn> conns = new ArrayList<>(viewers);
      for (String token : tokens) {
        Target t = new Target(sut.target().name(), sut.target().host(), sut.target().port(), sut.target().wsPath(),
            sut.target().publishPath(), Map.of("Authorization", token), Map.of());
        conns.add(client.connectOne(t, Duration.ofSeconds(30)));
      }
      LoadClient.subscribeAll(conns, List.of(sut.channel()), Duration.ofSeconds(120));
      // One join wave and its leaves first, not measured: buffers and pools that the burst of
      // N(N-1)/2 join messages grows once are then in the baseline too (as in the idle scenario).
      joinWave(conns, channel, viewers, Duration.ofSeconds(300));
      for (Conn c : conns) {
        c.command("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\"}");
      }
      Wait.quiet(() -> conns.stream().mapToLong(Conn::presenceSeen).sum(), Duration.ofSeconds(3), Duration.ofSeconds(120));
      long heap0 = sut.process().liveHeapKiB();

      long before = conns.stream().mapToLong(Conn::presenceSeen).sum();
      boolean settled = joinWave(conns, channel, viewers, Duration.ofSeconds(300));
      long expected = viewers + (long) viewers * (viewers - 1) / 2;
      long heap1 = sut.process().liveHeapKiB();
      Result h = new Result(SCENARIO, "heap " + viewers + " viewers", sut.name());
      h.put("viewers", viewers);
      h.put("presence_messages", conns.stream().mapToLong(Conn::presenceSeen).sum() - before);
      h.put("presence_messages_expected", expected);
      h.put("settled", settled ? 1 : 0);
      h.put("live_heap_kib_without", heap0);
      h.put("live_heap_kib_with", heap1);
      h.put("heap_bytes_per_viewer", Math.round((heap1 - heap0) * 1024.0 / viewers));
      ctx.add(h);
      ctx.log("%s presence heap: %s", sut.name(), h.metrics());

      // Warm-up, not measured: the burst, then one paced run of each kind. Earlier runs showed p99
      // falling run by run (JIT, pools), which favours whichever kind runs later.
      Publisher.Outcome warm = pub.run(sut.channel(), s.smoke() ? 20 : 500, 0, s.maxInFlight(), 60_000);
      FanOut.awaitDelivered(client, conns, warm.accepted(), Duration.ofSeconds(60));
      List<Conn> typing = conns.subList(0, typists);
      fanOut(sut, ctx, client, pub, conns, rate, seconds, channel, typing, "warm-up with typing");
      fanOut(sut, ctx, client, pub, conns, rate, seconds, channel, null, "warm-up without typing");
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      List<Double> differences = new ArrayList<>();
      List<Double> cpuWithout = new ArrayList<>();
      List<Double> cpuWith = new ArrayList<>();
      long lost = 0;
      long typingDelivered = 0;
      for (int rep = 0; rep < repeats; rep++) {
        // Alternating order (without, with / with, without / ...): a drift over time then adds to
        // one kind in half the pairs and to the other in the other half.
        Run a;
        Run b;
        if (rep % 2 == 0) {
          a = fanOut(sut, ctx, client, pub, conns, rate, seconds, channel, null, "without typing");
          b = fanOut(sut, ctx, client, pub, conns, rate, seconds, channel, typing, "with typing");
        } else {
          b = fanOut(sut, ctx, client, pub, conns, rate, seconds, channel, typing, "with typing");
          a = fanOut(sut, ctx, client, pub, conns, rate, seconds, channel, null, "without typing");
        }
        without.add(a.p99());
        with.add(b.p99());
        differences.add(Math.round((b.p99() - a.p99()) * 100) / 100.0);
        cpuWithout.add(a.cpuMicrosPerEventDelivery());
        cpuWith.add(b.cpuMicrosPerEventDelivery());
        lost += a.lost() + b.lost();
        typingDelivered += b.typingDelivered();
      }
      Result r = new Result(SCENARIO, "typing " + typists + " of " + viewers + " at " + rate + "/s", sut.name());
      r.put("repeats", repeats);
      r.put("order", "alternating, without first in even repeats");
      r.put("p99_ms_without", without.toString());
      r.put("p99_ms_with", with.toString());
      r.put("p99_ms_paired_differences", differences.toString());
      double mWithout = median(without);
      double mWith = median(with);
      r.put("p99_ms_without_median", Math.round(mWithout * 100) / 100.0);
      r.put("p99_ms_with_median", Math.round(mWith * 100) / 100.0);
      r.put("p99_ms_difference", Math.round((mWith - mWithout) * 100) / 100.0);
      r.put("p99_ms_paired_difference_median", Math.round(median(differences) * 100) / 100.0);
      r.put("server_cpu_us_per_event_delivery_without", cpuWithout.toString());
      r.put("server_cpu_us_per_event_delivery_with", cpuWith.toString());
      r.put("server_cpu_ratio_with_vs_without", Math.round(median(cpuWith) / median(cpuWithout) * 1000) / 1000.0);
      r.put("lost", lost);
      r.put("typing_messages_delivered", typingDelivered);
      ctx.add(r);
      ctx.log("%s presence typing: %s", sut.name(), r.metrics());
      LoadClient.closeAll(conns, Duration.ofSeconds(30));
    }
  }

  /** Pushes a new branch with the real git CLI and opens a pull request from it; returns its number. */
  private static long pullRequest(BenchContext ctx, HostApi api, String admin, int port, String repo) throws Exception {
    String branch = "bench-presence-" + Long.toString(System.nanoTime(), 36);
    GitCli git = new GitCli(ctx.scratch("presence-")).withIdentity("Bench", "bench@example.com").withAuthorization(admin);
    git.cloneFrom("http://127.0.0.1:" + port + "/" + repo + ".git", Duration.ofSeconds(60));
    String base = git.check("rev-parse", "--abbrev-ref", "HEAD").trim();
    git.check("checkout", "-q", "-b", branch);
    git.commit("bench presence");
    git.push("origin", branch);
    HostApi.Answer pr = api.call("POST", "/api/v1/repos/" + repo + "/pulls", admin,
        "{\"title\":\"bench presence\",\"head\":\"" + branch + "\",\"base\":\"" + base + "\"}");
    if (!pr.ok()) {
      throw new IOException("opening the pull request: HTTP " + pr.status() + " " + pr.body());
    }
    return JSON.readTree(pr.body()).get("number").asLong();
  }

  /** Subscribes every connection to {@code channel} and waits until every snapshot and join arrived. */
  private static boolean joinWave(List<Conn> conns, String channel, int viewers, Duration timeout) throws Exception {
    long before = conns.stream().mapToLong(Conn::presenceSeen).sum();
    LoadClient.subscribeAll(conns, List.of(channel), timeout);
    // Every snapshot, and every join to everyone present at the time: N + N(N-1)/2 messages.
    long expected = viewers + (long) viewers * (viewers - 1) / 2;
    return Wait.until(() -> conns.stream().mapToLong(Conn::presenceSeen).sum() - before >= expected, timeout);
  }

  /**
   * What one fan-out run measured: p99 publish-to-receipt, events lost, typing messages delivered,
   * and the server's CPU per event delivered (typing's cost included: a finer gauge than p99 here).
   */
  private record Run(double p99, long lost, long typingDelivered, double cpuMicrosPerEventDelivery) {}

  /** One fan-out run at {@code rate}/s for {@code seconds}; with {@code typists}, they type meanwhile. */
  private static Run fanOut(Sut sut, BenchContext ctx, LoadClient client, Publisher pub, List<Conn> conns, int rate,
      int seconds, String presence, List<Conn> typists, String label) throws Exception {
    // Typing of the run before still in flight would weigh on this one: wait until it drained.
    Wait.quiet(() -> conns.stream().mapToLong(Conn::presenceSeen).sum(), Duration.ofSeconds(2), Duration.ofSeconds(60));
    for (Conn c : conns) {
      c.resetCounts();
    }
    client.eventsSeen().reset();
    long typingBefore = conns.stream().mapToLong(Conn::presenceSeen).sum();
    ScheduledExecutorService typer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "presence-typer");
      t.setDaemon(true);
      return t;
    });
    List<ScheduledFuture<?>> typing = new ArrayList<>();
    try {
      if (typists != null) {
        String cmd = "{\"type\":\"typing\",\"channel\":\"" + presence + "\"}";
        for (int i = 0; i < typists.size(); i++) {
          Conn c = typists.get(i);
          // Spread over the period; 2.1 s stays clear of the server's 2 s limit.
          typing.add(typer.scheduleAtFixedRate(() -> c.command(cmd), i * 2100L / typists.size(), 2100, TimeUnit.MILLISECONDS));
        }
      }
      long cpu0 = sut.process().cpuMicros();
      Publisher.Outcome out = pub.run(sut.channel(), (long) rate * seconds, rate, 256, (seconds + 60) * 1000L);
      FanOut.awaitDelivered(client, conns, out.accepted(), Duration.ofSeconds(60));
      long cpu = sut.process().cpuMicros() - cpu0;
      Tally t = Tally.of(conns, out.accepted());
      double p99 = Tally.ms(t.latency().percentile(99));
      long typingSeen = conns.stream().mapToLong(Conn::presenceSeen).sum() - typingBefore;
      double cpuPerDelivery = FanOut.perDelivery(cpu, t.received());
      ctx.log("%s presence fan-out %s: p99 %.2f ms, p50 %.2f ms, lost %d, typing messages delivered %d, server CPU %.2f us"
          + " per event delivery", sut.name(), label, p99, Tally.ms(t.latency().percentile(50)), t.lost(), typingSeen, cpuPerDelivery);
      return new Run(p99, t.lost(), typingSeen, cpuPerDelivery);
    } finally {
      typing.forEach(f -> f.cancel(false));
      typer.shutdownNow();
    }
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

}
