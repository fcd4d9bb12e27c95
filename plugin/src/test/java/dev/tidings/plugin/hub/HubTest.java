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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubTest {

  private final MemoryLog log = new MemoryLog();
  private final HostFake host = new HostFake();
  private Hub hub;

  @BeforeEach
  void setUp() {
    host.repo("alice", "demo", false);
    host.repo("acme", "secret", true, "alice");
    host.repo("acme", "open", false);
    Broker broker = new Broker() {
      @Override
      public void publish(ChannelEvent event) {}

      @Override
      public void onEvent(Consumer<ChannelEvent> receiver) {}
    };
    HubSettings settings = HubSettings.from(new TidingsConfig(new Properties()));
    hub = new Hub(log, broker, new ChannelAuthorizer(host, host), settings, new HubMetrics(new SimpleMeterRegistry()));
  }

  private Subscription subscribe(RecordingSubscriber s, String channel, ChannelPosition since, List<SubscribeStart> starts) {
    Subscribing starting = hub.subscribe(s, Channels.parse(channel).orElseThrow(), since);
    SubscribeStart start = starting.start();
    starts.add(start);
    s.send(new Outgoing(new byte[0], start.channel(), start.epoch(), start.offset()));
    return hub.begin(starting);
  }

  @Test
  void everySubscriberGetsTheSameEnvelopeBytesOnce() {
    log.add("repo:alice/demo", "alice/demo");
    RecordingSubscriber a = new RecordingSubscriber("alice");
    RecordingSubscriber b = new RecordingSubscriber(null);
    List<SubscribeStart> starts = new ArrayList<>();
    subscribe(a, "repo:alice/demo", null, starts);
    subscribe(b, "repo:alice/demo", null, starts);
    assertThat(starts).extracting(SubscribeStart::offset).containsExactly(1L, 1L);
    assertThat(starts).extracting(SubscribeStart::recovered).containsOnlyNulls();

    ChannelEvent e = log.add("repo:alice/demo", "alice/demo");
    hub.dispatch(e);
    hub.dispatch(e); // a duplicate from the broker is dropped by offset
    assertThat(a.received).hasSize(2);
    assertThat(a.received.get(1).payload()).isSameAs(e.envelope());
    assertThat(b.received.get(1).payload()).isSameAs(e.envelope());
  }

  @Test
  void resumeReplaysMissedEventsInOrderAndBuffersLiveOnesWithoutDuplicates() {
    for (int i = 0; i < 5; i++) {
      log.add("repo:alice/demo", "alice/demo");
    }
    // While the replay is read, event 6 is committed and dispatched, and event 5 arrives again.
    log.duringRead = () -> {
      log.duringRead = () -> {};
      hub.dispatch(log.add("repo:alice/demo", "alice/demo"));
      hub.dispatch(log.channels.get("repo:alice/demo").get(4));
    };
    RecordingSubscriber s = new RecordingSubscriber("bob");
    List<SubscribeStart> starts = new ArrayList<>();
    subscribe(s, "repo:alice/demo", new ChannelPosition("e1", 2), starts);
    hub.dispatch(log.add("repo:alice/demo", "alice/demo"));

    assertThat(starts.get(0).recovered()).isTrue();
    assertThat(starts.get(0).offset()).isEqualTo(6);
    // subscribed (offset 6), then 3..6 replayed, then 7 live.
    assertThat(s.offsets()).containsExactly(6L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void wrongEpochOrBeyondRetentionIsNotRecoveredAndReplaysNothing() {
    log.add("repo:alice/demo", "alice/demo");
    RecordingSubscriber s = new RecordingSubscriber(null);
    List<SubscribeStart> starts = new ArrayList<>();
    subscribe(s, "repo:alice/demo", new ChannelPosition("other", 0), starts);
    assertThat(starts.get(0).recovered()).isFalse();
    assertThat(s.received).hasSize(1);

    RecordingSubscriber t = new RecordingSubscriber(null);
    subscribe(t, "repo:alice/demo", new ChannelPosition("e1", 99), starts);
    assertThat(starts.get(1).recovered()).isFalse();
    assertThat(t.received).hasSize(1);
  }

  @Test
  void orgChannelDeliversOnlyEventsOfRepositoriesTheSubscriberCanRead() {
    RecordingSubscriber bob = new RecordingSubscriber("bob");
    RecordingSubscriber alice = new RecordingSubscriber("alice");
    List<SubscribeStart> starts = new ArrayList<>();
    subscribe(bob, "org:acme", null, starts);
    subscribe(alice, "org:acme", null, starts);
    hub.dispatch(log.add("org:acme", "acme/secret"));
    hub.dispatch(log.add("org:acme", "acme/open"));
    assertThat(bob.offsets()).containsExactly(0L, 2L);
    assertThat(alice.offsets()).containsExactly(0L, 1L, 2L);

    // Replay filters the same way.
    RecordingSubscriber bobAgain = new RecordingSubscriber("bob");
    subscribe(bobAgain, "org:acme", new ChannelPosition("e1", 0), starts);
    assertThat(bobAgain.offsets()).containsExactly(2L, 2L);
  }

  @Test
  void losingReadAccessEndsARepoSubscriptionAtDeliveryAndOnRevalidation() {
    host.readers.get("acme/secret").add("bob");
    RecordingSubscriber bob = new RecordingSubscriber("bob");
    List<SubscribeStart> starts = new ArrayList<>();
    subscribe(bob, "repo:acme/secret", null, starts);
    hub.dispatch(log.add("repo:acme/secret", "acme/secret"));
    assertThat(bob.offsets()).containsExactly(0L, 1L);

    host.readers.get("acme/secret").remove("bob");
    hub.dispatch(log.add("repo:acme/secret", "acme/secret"));
    assertThat(bob.offsets()).containsExactly(0L, 1L);
    assertThat(bob.revoked).containsExactly("repo:acme/secret");
    assertThat(hub.subscriptionCount()).isZero();

    host.readers.get("acme/secret").add("bob");
    RecordingSubscriber bob2 = new RecordingSubscriber("bob");
    subscribe(bob2, "repo:acme/secret", null, starts);
    host.readers.get("acme/secret").remove("bob");
    assertThat(hub.revalidate(s -> "bob".equals(s.subscriber().login()))).isEqualTo(1);
    assertThat(bob2.revoked).containsExactly("repo:acme/secret");
  }

  @Test
  void unsubscribeStopsDeliveryAndEmptiesTheChannel() {
    RecordingSubscriber s = new RecordingSubscriber(null);
    Subscription sub = subscribe(s, "repo:alice/demo", null, new ArrayList<>());
    hub.unsubscribe(sub);
    hub.unsubscribe(sub);
    hub.dispatch(log.add("repo:alice/demo", "alice/demo"));
    assertThat(s.received).hasSize(1);
    assertThat(hub.subscriptionCount()).isZero();
  }
}
