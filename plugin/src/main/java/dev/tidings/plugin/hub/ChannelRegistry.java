package dev.tidings.plugin.hub;

import dev.tidings.plugin.channel.Channels.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Channel name to subscriptions, with O(1) lookup (Centrifuge's {@code subShard}): the one place
 * subscriptions are added and removed. Thread-safe; no lock is shared across channels.
 */
final class ChannelRegistry {

  /**
   * One channel's subscriptions, plus the one {@link Channel} and epoch String that all of them
   * share (instead of a parsed copy per subscription: idle connections add up).
   */
  private static final class Subscribers {
    final Channel channel;
    final Set<Subscription> set = ConcurrentHashMap.newKeySet();
    volatile String epoch;

    Subscribers(Channel channel) {
      this.channel = channel;
    }
  }

  private final ConcurrentHashMap<String, Subscribers> channels = new ConcurrentHashMap<>();
  private final HubMetrics metrics;

  ChannelRegistry(HubMetrics metrics) {
    this.metrics = metrics;
  }

  /** {@code channel}, or the equal instance the channel's subscriptions already share. */
  Channel canonical(Channel channel) {
    Subscribers known = channels.get(channel.name());
    return known == null ? channel : known.channel;
  }

  /** The subscriptions of {@code channel} (live view), or null when it has none. */
  Set<Subscription> subscribers(String channel) {
    Subscribers known = channels.get(channel);
    return known == null ? null : known.set;
  }

  void add(Subscription s) {
    channels.compute(s.channel().name(), (name, known) -> {
      Subscribers target = known == null ? new Subscribers(s.channel()) : known;
      target.set.add(s);
      return target;
    });
    metrics.subscriptionAdded();
  }

  /** Removes and deactivates {@code s}; true when it was still registered. */
  boolean remove(Subscription s) {
    boolean[] removed = {false};
    channels.computeIfPresent(s.channel().name(), (name, known) -> {
      removed[0] = known.set.remove(s);
      return known.set.isEmpty() ? null : known;
    });
    s.deactivate();
    if (removed[0]) {
      metrics.subscriptionRemoved();
    }
    return removed[0];
  }

  /** {@code epoch}, or the equal String already held by the channel's other subscriptions. */
  String sharedEpoch(String channel, String epoch) {
    Subscribers known = channels.get(channel);
    if (known == null || epoch == null) {
      return epoch;
    }
    String shared = known.epoch;
    if (epoch.equals(shared)) {
      return shared;
    }
    known.epoch = epoch;
    return epoch;
  }

  /** Visits every subscription of every channel (access re-checks; weakly consistent). */
  void forEach(Consumer<Subscription> visitor) {
    for (Subscribers known : channels.values()) {
      for (Subscription s : known.set) {
        visitor.accept(s);
      }
    }
  }

  /** Subscriptions over all channels. */
  int count() {
    int n = 0;
    for (Subscribers known : channels.values()) {
      n += known.set.size();
    }
    return n;
  }
}
