package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays are paced by the connection's outbox (one page at a time, the next once the previous is
 * written), a replaced subscription's replay is dropped, every channel kind is filtered by current
 * read access, the per-address replay budget refuses, and one oversize event is skipped, not fatal.
 */
class ReplayPacingTest {

  private final MemoryLog log = new MemoryLog();
  private final HostFake host = new HostFake();
  private final HubMetrics metrics = new HubMetrics(new SimpleMeterRegistry());
  private HubSettings settings;
  private Hub hub;

  /** A connection whose writes complete only when the test says so. */
  private final class Paced implements OutboxSubscriber, OutboxSink {
    final Outbox outbox;
    final List<String> written = new ArrayList<>();
    private WriteCallback pending;
    private int queuedReplayMax;

    Paced() {
      outbox = new Outbox(this, settings, metrics);
    }

    @Override
    public String login() {
      return null;
    }

    @Override
    public Outbox outbox() {
      return outbox;
    }

    @Override
    public void revoked(String channel) {}

    @Override
    public synchronized void write(List<Outgoing> batch, WriteCallback done) {
      for (Outgoing m : batch) {
        written.add(new String(m.payload(), StandardCharsets.UTF_8));
      }
      queuedReplayMax = Math.max(queuedReplayMax, batch.size() + outbox.depth());
      pending = done;
    }

    @Override
    public void overflowed() {
      throw new AssertionError("overflowed");
    }

    @Override
    public void failed(Throwable cause) {}

    /** Completes the write in flight, if any; true when there was one. */
    boolean completeOne() {
      WriteCallback c;
      synchronized (this) {
        c = pending;
        pending = null;
      }
      if (c == null) {
        return false;
      }
      c.succeeded();
      return true;
    }

    synchronized List<Long> eventOffsets() {
      return written.stream().filter(t -> t.startsWith("{\"type\":\"event\""))
          .map(t -> Long.parseLong(t.replaceAll(".*\"offset\":(\\d+).*", "$1"))).toList();
    }

    synchronized int mostQueuedAtOnce() {
      return queuedReplayMax;
    }
  }

  @BeforeEach
  void setUp() {
    host.repo("alice", "demo", false);
    host.repo("acme", "secret", true, "alice");
    Properties p = new Properties();
    // The test envelopes are about 100 bytes: pages of about 5 events.
    p.setProperty("hub.replay.pageBytes", "500");
    p.setProperty("hub.replay.maxPerIp", "1");
    p.setProperty("hub.queue.maxBytes", "2000");
    settings = HubSettings.from(new TidingsConfig(p));
    Broker broker = new Broker() {
      @Override
      public void publish(ChannelEvent event) {}

      @Override
      public void onEvent(Consumer<ChannelEvent> receiver) {}
    };
    hub = new Hub(log, broker, new ChannelAuthorizer(host, host), settings, metrics);
    hub.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    hub.stop();
  }

  private Subscription subscribe(Subscriber s, String channel, ChannelPosition since) {
    Subscribing starting = hub.subscribe(s, Channels.parse(channel).orElseThrow(), since);
    SubscribeStart start = starting.start();
    s.send(new Outgoing(Replies.subscribed(start, null), start.channel(), start.epoch(), start.standsAt()));
    return hub.begin(starting);
  }

  /** Completes writes until {@code done} holds (replay pages are offered from the replay thread). */
  private static void drainUntil(Paced c, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean()) {
      if (!c.completeOne()) {
        Thread.sleep(2);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; written " + c.eventOffsets());
      }
    }
  }

  @Test
  void aReplayIsReadPageByPageAsTheConnectionWritesAndThenGoesLive() throws Exception {
    for (int i = 0; i < 100; i++) {
      log.add("repo:alice/demo", "alice/demo");
    }
    Paced c = new Paced();
    subscribe(c, "repo:alice/demo", new ChannelPosition("e1", 0));
    // Only the subscribed answer is out: nothing of the replay is read until it has been written.
    assertThat(c.eventOffsets()).isEmpty();
    drainUntil(c, () -> c.eventOffsets().size() >= 100);
    List<Long> expected = new ArrayList<>();
    for (long o = 1; o <= 100; o++) {
      expected.add(o);
    }
    assertThat(c.eventOffsets()).isEqualTo(expected);
    assertThat(c.mostQueuedAtOnce()).as("messages queued at once").isLessThanOrEqualTo(10);

    // Live after the replay.
    ChannelEvent live = log.add("repo:alice/demo", "alice/demo");
    Awaiting.until(() -> {
      hub.dispatch(live);
      c.completeOne();
      return c.eventOffsets().contains(101L);
    });
  }

  @Test
  void aSecondSinceReplacesTheFirstAndItsReplayIsDropped() throws Exception {
    for (int i = 0; i < 100; i++) {
      log.add("repo:alice/demo", "alice/demo");
    }
    Paced c = new Paced();
    Subscription first = subscribe(c, "repo:alice/demo", new ChannelPosition("e1", 0));
    hub.unsubscribe(first);
    subscribe(c, "repo:alice/demo", new ChannelPosition("e1", 95));
    drainUntil(c, () -> c.eventOffsets().size() >= 5);
    Thread.sleep(50);
    c.completeOne();
    assertThat(c.eventOffsets()).containsExactly(96L, 97L, 98L, 99L, 100L);
  }

  @Test
  void aUserReplayLeavesOutEventsOfRepositoriesTheUserCannotReadNow() {
    log.add("user:bob", "acme/secret");
    log.add("user:bob", "alice/demo");
    RecordingSubscriber bob = new RecordingSubscriber("bob");
    subscribe(bob, "user:bob", new ChannelPosition("e1", 0));
    // subscribed (stands at 0), then only offset 2.
    assertThat(bob.offsets()).containsExactly(0L, 2L);
  }

  @Test
  void theReplayBudgetPerAddressRefusesAndFreesAgain() {
    Paced a = new Paced();
    Paced b = new Paced();
    ReplayHold held = hub.holdReplays(a, "192.0.2.1");
    assertThat(held).isNotNull();
    assertThat(hub.holdReplays(b, "192.0.2.1")).as("beyond hub.replay.maxPerIp").isNull();
    assertThat(hub.holdReplays(b, "192.0.2.2")).as("another address").isNotNull().satisfies(ReplayHold::close);
    held.close();
    ReplayHold later = hub.holdReplays(b, "192.0.2.1");
    assertThat(later).isNotNull();
    later.close();
  }

  @Test
  void anEventLargerThanTheQueueIsSkippedWithAnErrorInsteadOfClosing() {
    Paced c = new Paced();
    Outgoing huge = new Outgoing(new byte[3000], "repo:alice/demo", "e1", 7);
    assertThat(c.outbox.offer(huge)).isTrue();
    assertThat(c.written).hasSize(1);
    assertThat(c.written.get(0)).contains("\"code\":\"event_too_large\"").contains("\"channel\":\"repo:alice/demo\"");
    c.completeOne();
    assertThat(c.outbox.offer(new Outgoing(new byte[100], "repo:alice/demo", "e1", 8))).isTrue();
  }

  /** Polls a condition for up to ten seconds. */
  private static final class Awaiting {
    static void until(BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out");
        }
        Thread.sleep(5);
      }
    }
  }
}
