package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.log.ChannelEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Broker} of {@code broker=redis}: this node's receivers (its hub) are fed by a
 * {@link FanOutTail} on the fan-out stream, so every node, the appending one included, delivers
 * every event in the one order Redis gave them. A gap in the fan-out (this node fell behind its
 * trimming, or Redis lost data) is reported to {@link #onLoss} listeners: the hub then makes its
 * subscribers resume from the channel logs.
 */
@Singleton
public final class RedisBroker implements Broker, Managed, FanOutTail.Listener {

  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final int BATCH = 256;

  private final RedisConnections connections;
  private final RedisSettings settings;
  private final List<Consumer<ChannelEvent>> receivers = new CopyOnWriteArrayList<>();
  private final List<Runnable> lossListeners = new CopyOnWriteArrayList<>();
  private FanOutTail tail;

  @Inject
  public RedisBroker(RedisConnections connections, RedisSettings settings) {
    this.connections = connections;
    this.settings = settings;
  }

  @Override
  public Phase phase() {
    // With the hub: clients arrive only later (web phase), so nothing of theirs is missed.
    return Phase.HUB;
  }

  @Override
  public synchronized void start() {
    tail = new FanOutTail(connections.tailCommands(), settings.keys(), this, settings.tailBlock(), BATCH);
    tail.start();
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (tail != null) {
      tail.stop();
      tail = null;
    }
  }

  /**
   * Does nothing, by design: in this mode the only {@code EventStore} is {@link RedisEventStore},
   * whose append script already put every committed event on the fan-out stream in the same atomic
   * step as its offsets. Publishing it again here would deliver it twice on this node; the
   * pipeline's publish step (commit order, follow-ups) stays as it is and only this hop is empty.
   */
  @Override
  public void publish(ChannelEvent event) {}

  @Override
  public void onEvent(Consumer<ChannelEvent> receiver) {
    receivers.add(receiver);
  }

  @Override
  public void onLoss(Runnable resync) {
    lossListeners.add(resync);
  }

  @Override
  public void onEntry(FanOutEntry entry) {
    if (receivers.isEmpty()) {
      return;
    }
    EventHeader header = EventHeader.decode(entry.header());
    byte[] data = entry.body().getBytes(StandardCharsets.UTF_8);
    for (StreamPosition at : entry.positions()) {
      ChannelEvent event = RedisEvents.event(at, header, data);
      for (Consumer<ChannelEvent> receiver : receivers) {
        try {
          receiver.accept(event);
        } catch (RuntimeException e) {
          log.error("A broker receiver failed on {} #{}", event.channel(), event.offset(), e);
        }
      }
    }
  }

  @Override
  public void onGap(String lastId) {
    for (Runnable listener : lossListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.error("Telling subscribers to resume after a fan-out gap failed", e);
      }
    }
  }
}
