package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.log.ReplayPlan;

/**
 * Where a new subscription starts: without {@code since} at the channel's position; with
 * {@code since} after asking the log whether the whole gap may be replayed
 * ({@code hub.replay.maxEvents}/{@code maxBytes}; never a partial replay), counting the outcome,
 * and, when it may, queueing the replay on the connection's {@link ReplayQueues}.
 */
final class Resumption {

  private final EventLog eventLog;
  private final HubSettings settings;
  private final HubMetrics metrics;
  private final ChannelRegistry registry;
  private final ReplayQueues queues;

  Resumption(EventLog eventLog, HubSettings settings, HubMetrics metrics, ChannelRegistry registry, ReplayQueues queues) {
    this.eventLog = eventLog;
    this.settings = settings;
    this.metrics = metrics;
    this.registry = registry;
    this.queues = queues;
  }

  /**
   * Reads where {@code s} (registered, buffering) starts; with {@code since}, a replay that follows
   * puts {@code s} in replay mode now, so live events from here on are left to the replay.
   */
  Subscribing plan(Subscription s, ChannelPosition since, ReplayHold hold) {
    String name = s.channel().name();
    if (since == null) {
      ChannelPosition position = eventLog.position(name);
      return new Subscribing(s, new SubscribeStart(name, position.epoch(), position.offset(), null, position.offset()),
          -1, hold);
    }
    ReplayPlan plan = eventLog.planReplay(name, since.epoch(), since.offset(), settings.replayMaxEvents(),
        settings.replayMaxBytes());
    metrics.replay(plan.recovered());
    ChannelPosition position = plan.position();
    if (!plan.hasEvents()) {
      return new Subscribing(s, new SubscribeStart(name, position.epoch(), position.offset(), plan.recovered(),
          position.offset()), -1, hold);
    }
    s.startReplay(registry.sharedEpoch(name, position.epoch()), plan.after());
    return new Subscribing(s, new SubscribeStart(name, position.epoch(), position.offset(), true, plan.after()),
        plan.upTo(), hold);
  }

  /** Starts what {@link #plan} prepared: live at once, or after the queued replay. */
  void begin(Subscribing starting) {
    Subscription s = starting.subscription();
    if (starting.replayUpTo() < 0) {
      SubscribeStart start = starting.start();
      s.goLive(registry.sharedEpoch(start.channel(), start.epoch()), start.offset());
    } else {
      queues.enqueue(s.subscriber(), s, starting.replayUpTo());
    }
  }
}
