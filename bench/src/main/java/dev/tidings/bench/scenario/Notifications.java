package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Target;
import dev.tidings.bench.report.Result;
import dev.tidings.bench.server.HostApi;
import dev.tidings.bench.server.Launchers;
import dev.tidings.bench.stats.Clock;
import dev.tidings.testing.git.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Notifications: W users watch the repository (created through the host's admin API, watching through
 * PUT /repos/{o}/{r}/subscription); one real git push; time until the W threads are stored (the
 * tidings_notifications_written counter, moved once the fan-out transaction commits), until W more
 * events are committed to the log (one per thread, on user: channels), and until the first and the
 * last of a sample of watchers' live connections receive theirs. The metrics are read every 20 ms, so
 * the polling itself costs the server little.
 */
public final class Notifications {

  private static final int SAMPLE = 200;
  private static final String PASSWORD = "bench-watcher-pw";

  private Notifications() {
  }

  public static void run(Sut sut, String user, String password, String repo, BenchContext ctx) throws Exception {
    int watchers = ctx.sizes().watchers();
    HostApi api = new HostApi(sut.target().port());
    String admin = sut.target().wsHeaders().get("Authorization");
    long t0 = System.nanoTime();
    String prefix = "w" + Long.toString(System.nanoTime() % 100_000, 36);
    List<String> tokens = setUp(api, admin, repo, prefix, watchers);
    double setupS = (System.nanoTime() - t0) / 1e9;
    ctx.log("%s notify: %d watchers ready in %.1f s", sut.name(), watchers, setupS);

    int sample = Math.min(SAMPLE, watchers);
    List<Conn> conns = new ArrayList<>();
    try (LoadClient client = ctx.newClient()) {
      for (int i = 0; i < sample; i++) {
        String login = prefix + "-" + i;
        Target t = new Target(sut.target().name(), sut.target().host(), sut.target().port(), sut.target().wsPath(),
            sut.target().publishPath(), Map.of("Authorization", tokens.get(i)), Map.of());
        Conn c = client.connectOne(t, Duration.ofSeconds(30));
        c.subscribe("user:" + login).get(30, TimeUnit.SECONDS);
        conns.add(c);
      }
      long[] before = counters(api);
      Path work = ctx.scratch("notify-");
      GitCli git = new GitCli(work).withIdentity("Bench", "bench@example.com").withAuthorization(admin);
      git.cloneFrom("http://127.0.0.1:" + sut.target().port() + "/" + repo + ".git", Duration.ofSeconds(60));
      git.check("commit", "-q", "--allow-empty", "-m", "bench notify push");
      long start = Clock.micros();
      long startNanos = System.nanoTime();
      git.push("origin", "HEAD");
      double pushMs = (Clock.micros() - start) / 1000.0;
      // The push itself commits a few repo: events; each stored thread adds one user: event.
      double threadsMs = Double.NaN;
      double eventsMs = Double.NaN;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && (Double.isNaN(threadsMs) || Double.isNaN(eventsMs))) {
        long[] now = countersQuiet(api);
        double ms = (System.nanoTime() - startNanos) / 1e6;
        if (Double.isNaN(threadsMs) && now[1] - before[1] >= watchers) {
          threadsMs = ms;
        }
        if (Double.isNaN(eventsMs) && now[0] - before[0] >= watchers) {
          eventsMs = ms;
        }
        Thread.sleep(20);
      }
      Wait.until(() -> conns.stream().allMatch(c -> c.totals()[0] >= 1),
          Duration.ofSeconds(ctx.sizes().smoke() ? 5 : 30));
      long first = Long.MAX_VALUE;
      long last = 0;
      long got = 0;
      for (Conn c : conns) {
        if (c.totals()[0] >= 1) {
          got++;
          first = Math.min(first, c.lastEventMicros());
          last = Math.max(last, c.lastEventMicros());
        }
      }
      if (got < sample) {
        HostApi.Answer n = api.call("GET", "/api/v1/notifications?all=true", tokens.get(0), null);
        ctx.log("%s notify: only %d of %d sampled watchers got an event; %s-0's notifications: HTTP %d %s",
            sut.name(), got, sample, prefix, n.status(), n.body().length() > 400 ? n.body().substring(0, 400) : n.body());
      }
      Result r = new Result("notify", watchers + " watchers", sut.name());
      r.put("watchers", watchers);
      r.put("setup_s", FanOut.round(setupS));
      r.put("push_ms", FanOut.round(pushMs));
      r.put("threads_stored_ms", Double.isNaN(threadsMs) ? (Object) "not within 120 s" : FanOut.round(threadsMs));
      r.put("user_events_committed_ms", Double.isNaN(eventsMs) ? (Object) "not within 120 s" : FanOut.round(eventsMs));
      long[] after = countersQuiet(api);
      r.put("threads_written", after[1] - before[1]);
      r.put("events_committed", after[0] - before[0]);
      r.put("sampled_live_watchers", sample);
      r.put("first_user_delivery_ms", got == 0 ? Double.NaN : FanOut.round((first - start) / 1000.0));
      r.put("last_sampled_delivery_ms", got == 0 ? Double.NaN : FanOut.round((last - start) / 1000.0));
      r.put("lost", sample - got);
      ctx.add(r);
      ctx.log("%s notify: %s", sut.name(), r.metrics());
      LoadClient.closeAll(conns, Duration.ofSeconds(30));
    }
  }

  /** Creates the watchers, each watching {@code repo}; returns their tokens. */
  private static List<String> setUp(HostApi api, String admin, String repo, String prefix, int watchers)
      throws Exception {
    return BenchUsers.create(api, admin, prefix, watchers, PASSWORD, (login, token) -> {
      HostApi.Answer w = api.call("PUT", "/api/v1/repos/" + repo + "/subscription", token, null);
      if (!w.ok()) {
        throw new IOException("watch as " + login + ": HTTP " + w.status() + " " + w.body());
      }
    });
  }


  private static long[] countersQuiet(HostApi api) {
    try {
      return counters(api);
    } catch (IOException e) {
      return new long[] {-1, -1};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new long[] {-1, -1};
    }
  }

  /** {tidings_events_committed_total, tidings_notifications_written_total} from the metrics endpoint. */
  static long[] counters(HostApi api) throws IOException, InterruptedException {
    HostApi.Answer a = api.call("GET", "/plugins/tidings/metrics", "Bearer " + Launchers.METRICS_TOKEN, null);
    if (!a.ok()) {
      throw new IOException("metrics: HTTP " + a.status());
    }
    double events = 0;
    double threads = 0;
    for (String line : a.body().split("\n")) {
      if (line.startsWith("tidings_events_committed_total")) {
        events += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("tidings_notifications_written_total")) {
        threads += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new long[] {(long) events, (long) threads};
  }
}
