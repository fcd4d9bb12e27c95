package dev.tidings.bench.scenario;

import dev.tidings.bench.client.ChannelTrack;
import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.stats.Histogram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Slow consumers: a fraction of the subscribers stop reading while events flow; the others must keep
 * their latency and lose nothing, the slow ones are cut by the server and resume with {@code since}
 * without loss.
 */
public final class SlowConsumers {

  private SlowConsumers() {
  }

  public static void run(Sut sut, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    String channel = sut.channel();
    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), s.slowPad())) {
      int slowCount = Math.max(1, (int) Math.round(s.subscribers() * s.slowFraction()));
      // The would-be slow readers get a small receive buffer, so stopping to read backs the server up soon.
      List<Conn> slow = client.connect(sut.target(), slowCount, 200, Duration.ofSeconds(120), 4096);
      List<Conn> fast = client.connect(sut.target(), s.subscribers() - slowCount, 200, Duration.ofSeconds(120));
      List<Conn> conns = new ArrayList<>(slow);
      conns.addAll(fast);
      LoadClient.subscribeAll(conns, List.of(channel), Duration.ofSeconds(120));
      slow.forEach(Conn::pause);

      // The slow ones do not read, so they only learn about being cut when they read again (below).
      Publisher.Outcome o = pub.run(channel, (long) s.slowRate() * s.slowSeconds(), s.slowRate(), 256,
          (s.slowSeconds() + 60) * 1000L);
      long accepted = o.accepted();
      final long total = accepted;
      Wait.until(() -> fast.stream().allMatch(c -> c.totals()[0] >= total), Duration.ofSeconds(60));
      Histogram fastLatency = new Histogram();
      long fastLost = 0;
      long fastDup = 0;
      for (Conn c : fast) {
        long[] t = c.totals();
        fastLost += Math.max(0, total - t[0]);
        fastDup += t[1];
        c.drainLatency(fastLatency);
      }
      // The slow ones read what reached them, then resume after their last offset on a new connection.
      slow.forEach(Conn::resume);
      Wait.until(() -> slow.stream().allMatch(c -> c.closed().isDone() || c.totals()[0] >= total),
          Duration.ofSeconds(60));
      // A paused reader only sees the server's close frame once it reads again, so count the cut ones now.
      long cut = slow.stream().filter(c -> c.closed().isDone()).count();
      java.util.Set<Integer> codes = new java.util.TreeSet<>();
      for (Conn c : slow) {
        if (c.closed().isDone()) {
          codes.add(c.closed().getNow(0));
        }
      }
      long slowLost = 0;
      long slowDup = 0;
      long notRecovered = 0;
      long t1 = System.nanoTime();
      List<Conn> resumed = new ArrayList<>();
      List<long[]> before = new ArrayList<>();
      for (Conn c : slow) {
        if (!c.closed().isDone()) {
          continue;
        }
        ChannelTrack tr = c.track(channel);
        Conn again = client.connectOne(sut.target(), Duration.ofSeconds(30));
        ChannelTrack rt = again.subscribe(channel, tr.epoch(), tr.lastOffset()).get(30, TimeUnit.SECONDS);
        if (!Boolean.TRUE.equals(rt.recovered())) {
          notRecovered++;
        }
        resumed.add(again);
        before.add(c.totals());
      }
      for (int i = 0; i < resumed.size(); i++) {
        Conn again = resumed.get(i);
        long had = before.get(i)[0];
        Wait.until(() -> had + again.totals()[0] >= total, Duration.ofSeconds(30));
      }
      double resumeS = (System.nanoTime() - t1) / 1e9;
      int ri = 0;
      for (Conn c : slow) {
        long[] t = c.totals();
        long got = t[0];
        long dup = t[1];
        if (c.closed().isDone()) {
          long[] a = resumed.get(ri++).totals();
          got += a[0];
          dup += a[1];
        }
        slowLost += Math.max(0, total - got);
        slowDup += dup;
      }
      Result r = new Result("slow", Math.round(s.slowFraction() * 100) + "% of " + conns.size(), sut.name());
      r.put("events", total);
      r.put("slow", slowCount);
      r.put("slow_cut", cut);
      r.put("slow_close_codes", codes.toString());
      r.put("fast_p50_ms", Tally.ms(fastLatency.percentile(50)));
      r.put("fast_p99_ms", Tally.ms(fastLatency.percentile(99)));
      r.put("fast_max_ms", Tally.ms(fastLatency.max()));
      r.put("fast_lost", fastLost);
      r.put("fast_duplicated", fastDup);
      r.put("slow_not_recovered", notRecovered);
      r.put("slow_resume_s", FanOut.round(resumeS));
      r.put("lost", fastLost + slowLost);
      r.put("duplicated", fastDup + slowDup);
      ctx.add(r);
      ctx.log("%s slow consumers: %s", sut.name(), r.metrics());
      LoadClient.closeAll(conns, Duration.ofSeconds(30));
      LoadClient.closeAll(resumed, Duration.ofSeconds(30));
    }
  }
}
