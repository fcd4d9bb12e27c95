package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.server.HostApi;
import dev.tidings.bench.server.Launchers;
import dev.tidings.bench.server.ServerProcess;
import dev.tidings.bench.stats.Clock;
import dev.tidings.bench.stats.Histogram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Push to receipt: real {@code git push}es one after another while N subscribers listen on the
 * repository's channel; push-start-to-receipt percentiles, and the push duration with and without the
 * plugin (the host alone is started separately for the second half).
 */
public final class PushToReceipt {

  private static final int WARMUP = 3;

  private PushToReceipt() {
  }

  public static void run(Sut sut, String user, String password, String repo, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    String auth = sut.target().wsHeaders().getOrDefault("Authorization", HostApi.basic(user, password));
    Path work = ctx.scratch("push-");
    Git git = new Git(work, auth);
    git.cloneFrom("http://127.0.0.1:" + sut.target().port() + "/" + repo + ".git");
    try (LoadClient client = ctx.newClient()) {
      List<Conn> conns = client.connect(sut.target(), s.subscribers(), 200, Duration.ofSeconds(120));
      LoadClient.subscribeAll(conns, List.of(sut.channel()), Duration.ofSeconds(120));
      Histogram pushMs = new Histogram();
      Histogram fromStart = new Histogram();
      Histogram afterReturn = new Histogram();
      long missing = 0;
      for (int i = 0; i < WARMUP + s.pushes(); i++) {
        git.run("commit", "-q", "--allow-empty", "-m", "bench push " + i);
        long before = client.eventsSeen().sum();
        long start = Clock.micros();
        git.run("push", "-q", "origin", "HEAD");
        long end = Clock.micros();
        long want = before + conns.size();
        boolean all = Wait.until(() -> client.eventsSeen().sum() >= want, Duration.ofSeconds(30));
        // Let any further events of this push (e.g. branch.created) land before the next one.
        Wait.quiet(() -> client.eventsSeen().sum(), Duration.ofMillis(50), Duration.ofSeconds(5));
        if (i < WARMUP) {
          continue;
        }
        if (!all) {
          missing += want - client.eventsSeen().sum();
        }
        pushMs.record(end - start);
        for (Conn c : conns) {
          long t = c.lastEventMicros();
          if (t >= start) {
            fromStart.record(t - start);
            afterReturn.record(t - end);
          }
        }
      }
      Result r = new Result("push", s.pushes() + " pushes", sut.name());
      r.put("subscribers", conns.size());
      r.put("push_p50_ms", Tally.ms(pushMs.percentile(50)));
      r.put("push_max_ms", Tally.ms(pushMs.max()));
      r.put("start_to_receipt_p50_ms", Tally.ms(fromStart.percentile(50)));
      r.put("start_to_receipt_p99_ms", Tally.ms(fromStart.percentile(99)));
      r.put("start_to_receipt_max_ms", Tally.ms(fromStart.max()));
      r.put("after_push_returned_p50_ms", Tally.ms(afterReturn.percentile(50)));
      r.put("after_push_returned_p99_ms", Tally.ms(afterReturn.percentile(99)));
      r.put("lost", missing);
      ctx.add(r);
      ctx.log("%s push: %s", sut.name(), r.metrics());
      LoadClient.closeAll(conns, Duration.ofSeconds(30));
    }
  }

  /** The same pushes against the host without any plugin; adds the plugin's overhead to the Tidings row. */
  public static void runWithoutPlugin(String user, String password, String repo, Path hostJar, String heap,
      Path workDir, Path logDir, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    try (ServerProcess p = Launchers.host("host-only", hostJar, List.of(), heap, workDir, logDir)) {
      String auth = new HostApi(p.port()).readyToken(user, password, Duration.ofSeconds(90));
      Path work = ctx.scratch("push-plain-");
      Git git = new Git(work, auth);
      git.cloneFrom("http://127.0.0.1:" + p.port() + "/" + repo + ".git");
      Histogram pushMs = new Histogram();
      for (int i = 0; i < WARMUP + s.pushes(); i++) {
        git.run("commit", "-q", "--allow-empty", "-m", "bench push " + i);
        long start = Clock.micros();
        git.run("push", "-q", "origin", "HEAD");
        if (i >= WARMUP) {
          pushMs.record(Clock.micros() - start);
        }
      }
      Result r = new Result("push", s.pushes() + " pushes", "host-only");
      r.put("push_p50_ms", Tally.ms(pushMs.percentile(50)));
      r.put("push_max_ms", Tally.ms(pushMs.max()));
      ctx.add(r);
      for (Result t : ctx.results()) {
        if (t.scenario().equals("push") && t.server().equals("tidings")) {
          t.put("plugin_overhead_p50_ms",
              Math.round((t.number("push_p50_ms") - r.number("push_p50_ms")) * 100) / 100.0);
        }
      }
      ctx.log("host without plugin push: %s", r.metrics());
    }
  }
}
