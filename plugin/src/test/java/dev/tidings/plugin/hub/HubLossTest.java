package dev.tidings.plugin.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.ChannelEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A broker that lost live events makes every subscriber of this node resume from the log. */
class HubLossTest {

  /** Records the receivers the hub registers, so the test can play the broker's part. */
  private static final class LossyBroker implements Broker {
    final List<Consumer<ChannelEvent>> receivers = new CopyOnWriteArrayList<>();
    final List<Runnable> loss = new CopyOnWriteArrayList<>();

    @Override
    public void publish(ChannelEvent event) {}

    @Override
    public void onEvent(Consumer<ChannelEvent> receiver) {
      receivers.add(receiver);
    }

    @Override
    public void onLoss(Runnable resync) {
      loss.add(resync);
    }
  }

  @Test
  void aLossEndsEverySubscriptionTheWayAnInterruptedReplayDoes() throws Exception {
    MemoryLog log = new MemoryLog();
    HostFake host = new HostFake();
    host.repo("alice", "demo", false);
    host.repo("alice", "other", false);
    LossyBroker broker = new LossyBroker();
    Hub hub = new Hub(log, broker, new ChannelAuthorizer(host, host),
        HubSettings.from(new TidingsConfig(new Properties())), new HubMetrics(new SimpleMeterRegistry()));
    hub.start();
    try {
      RecordingSubscriber a = new RecordingSubscriber("alice");
      RecordingSubscriber b = new RecordingSubscriber(null);
      for (var sub : List.of(
          hub.subscribe(a, Channels.parse("repo:alice/demo").orElseThrow(), null),
          hub.subscribe(a, Channels.parse("repo:alice/other").orElseThrow(), null),
          hub.subscribe(b, Channels.parse("repo:alice/demo").orElseThrow(), null))) {
        hub.begin(sub);
      }
      assertThat(hub.subscriptionCount()).isEqualTo(3);
      assertThat(broker.loss).hasSize(1);

      broker.loss.get(0).run();

      assertThat(a.replayFailed).containsExactlyInAnyOrder("repo:alice/demo", "repo:alice/other");
      assertThat(b.replayFailed).containsExactly("repo:alice/demo");
      assertThat(hub.subscriptionCount()).isZero();
      // Nothing more reaches the ended subscriptions.
      int before = a.received.size();
      hub.dispatch(log.add("repo:alice/demo", "alice/demo"));
      assertThat(a.received).hasSize(before);
    } finally {
      hub.stop();
    }
  }
}
