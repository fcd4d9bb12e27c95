package dev.tidings.bench.scenario;

import dev.tidings.bench.client.ChannelTrack;
import dev.tidings.bench.client.Conn;
import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.client.Publisher;
import dev.tidings.bench.report.Result;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Catch-up: a client that is N events behind resumes with {@code since}; time to {@code recovered:true}
 * and to the last missed event, and whether every missed event arrived exactly once.
 */
public final class CatchUp {

  private CatchUp() {
  }

  public static void run(Sut sut, BenchContext ctx) throws Exception {
    Sizes s = ctx.sizes();
    // A channel of its own (the repository's issues channel), so earlier scenarios' events do not count
    // against the retained history.
    String channel = sut.idleChannels().get(sut.idleChannels().size() - 1);
    try (LoadClient client = ctx.newClient(); Publisher pub = new Publisher(sut.target(), s.pad())) {
      Conn first = client.connectOne(sut.target(), Duration.ofSeconds(30));
      ChannelTrack at = first.subscribe(channel).get(30, TimeUnit.SECONDS);
      String epoch = at.epoch();
      long offset = at.subscribedOffset();
      LoadClient.closeAll(List.of(first), Duration.ofSeconds(10));

      Publisher.Outcome out = pub.run(channel, s.catchupEvents(), 0, 8, 300_000);
      if (out.accepted() != s.catchupEvents()) {
        throw new IllegalStateException("published " + out.accepted() + " of " + s.catchupEvents() + ": "
            + out.firstError());
      }
      Conn back = client.connectOne(sut.target(), Duration.ofSeconds(30));
      long t0 = System.nanoTime();
      ChannelTrack resumed = back.subscribe(channel, epoch, offset).get(60, TimeUnit.SECONDS);
      double toSubscribed = (System.nanoTime() - t0) / 1e6;
      Wait.until(() -> back.totals()[0] >= out.accepted(), Duration.ofSeconds(60));
      double toAll = (System.nanoTime() - t0) / 1e6;
      long[] tot = back.totals();
      Result r = new Result("catchup", Integer.toString(s.catchupEvents()), sut.name());
      r.put("behind", out.accepted());
      r.put("recovered", resumed.recovered());
      r.put("time_to_subscribed_ms", FanOut.round(toSubscribed));
      r.put("time_to_all_ms", FanOut.round(toAll));
      r.put("received", tot[0]);
      r.put("lost", Math.max(0, out.accepted() - tot[0]) + tot[2]);
      r.put("duplicated", tot[1]);
      ctx.add(r);
      ctx.log("%s catch-up: %s", sut.name(), r.metrics());
      if (!Boolean.TRUE.equals(resumed.recovered())) {
        throw new IllegalStateException("resume answered recovered=" + resumed.recovered());
      }
      LoadClient.closeAll(List.of(back), Duration.ofSeconds(10));
    }
  }
}
