package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.server.HostApi;
import dev.tidings.bench.server.Launchers;
import dev.tidings.bench.server.ServerProcess;
import dev.tidings.bench.stats.Clock;
import dev.tidings.bench.stats.Histogram;
import dev.tidings.testing.git.GitCli;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Push to receipt: real {@code git push}es while N subscribers listen on the repository's channel;
 * push-start-to-receipt percentiles, and what the plugin adds to {@code git push}. For the latter a
 * second host without any plugin runs at the same time and the pushes alternate between the two, so
 * both see the same machine; the overhead is the median of the paired differences, measured once
 * with no subscriber connected (the plugin's own work: hook, event, log) and once with N (adding the
 * fan-out, which shares the cores with {@code git}).
 */
public final class PushToReceipt {

  private static final int WARMUP = 3;

  private PushToReceipt() {
  }

  public static void run(Sut sut, String user, String password, String repo, Callable<ServerProcess> hostOnly,
      BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    String auth = sut.target().wsHeaders().getOrDefault("Authorization", HostApi.basic(user, password));
    GitCli git = new GitCli(ctx.scratch("push-")).withIdentity("Bench", "bench@example.com").withAuthorization(auth);
    git.cloneFrom("http://127.0.0.1:" + sut.target().port() + "/" + repo + ".git", Duration.ofSeconds(60));
    try (ServerProcess plain = hostOnly.call(); LoadClient client = ctx.newClient()) {
      GitCli plainGit = new GitCli(ctx.scratch("push-plain-")).withIdentity("Bench", "bench@example.com")
          .withAuthorization(new HostApi(plain.port()).readyToken(user, password, Duration.ofSeconds(90)));
      plainGit.cloneFrom("http://127.0.0.1:" + plain.port() + "/" + repo + ".git", Duration.ofSeconds(60));

      // Phase 1: nobody listening.
      List<Long> quietDiff = new ArrayList<>();
      Histogram quietPlain = new Histogram();
      Histogram quietPush = new Histogram();
      for (int i = 0; i < WARMUP + s.pushes(); i++) {
        long p = timedPush(plainGit, "plain " + i);
        long t = timedPush(git, "quiet " + i);
        if (i >= WARMUP) {
          quietPlain.record(p);
          quietPush.record(t);
          quietDiff.add(t - p);
        }
      }

      // Phase 2: N subscribers.
      List<Conn> conns = client.connect(sut.target(), s.subscribers(), 200, Duration.ofSeconds(120));
      LoadClient.subscribeAll(conns, List.of(sut.channel()), Duration.ofSeconds(120));
      Histogram pushMs = new Histogram();
      Histogram plainMs = new Histogram();
      List<Long> diff = new ArrayList<>();
      Histogram fromStart = new Histogram();
      Histogram afterReturn = new Histogram();
      long missing = 0;
      for (int i = 0; i < WARMUP + s.pushes(); i++) {
        long p = timedPush(plainGit, "plain busy " + i);
        git.check("commit", "-q", "--allow-empty", "-m", "bench push " + i);
        long before = client.eventsSeen().sum();
        long start = Clock.micros();
        git.push("origin", "HEAD");
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
        plainMs.record(p);
        diff.add((end - start) - p);
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
      r.put("host_only_push_p50_ms", Tally.ms(plainMs.percentile(50)));
      r.put("plugin_overhead_p50_ms", Tally.ms(median(diff)));
      r.put("no_subscribers_push_p50_ms", Tally.ms(quietPush.percentile(50)));
      r.put("no_subscribers_host_only_push_p50_ms", Tally.ms(quietPlain.percentile(50)));
      r.put("no_subscribers_plugin_overhead_p50_ms", Tally.ms(median(quietDiff)));
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

  /** The median of paired differences (which may be negative, so not a histogram). */
  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Commits and pushes once; returns the push's duration in microseconds. */
  private static long timedPush(GitCli git, String message) throws Exception {
    git.check("commit", "-q", "--allow-empty", "-m", message);
    long start = Clock.micros();
    git.push("origin", "HEAD");
    return Clock.micros() - start;
  }
}
