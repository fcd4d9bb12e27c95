package dev.tidings.plugin.hub;

import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.ChannelEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's subscription to one channel. It starts in buffering mode so that live events
 * arriving while the replay is read are kept, then goes live; delivery is deduplicated by offset,
 * so the replay/live boundary neither loses nor repeats an event.
 */
public final class Subscription {

  private final Subscriber subscriber;
  private final Channel channel;
  private List<ChannelEvent> buffer = new ArrayList<>();
  private String epoch;
  private long lastOffset;
  private volatile boolean active = true;

  Subscription(Subscriber subscriber, Channel channel) {
    this.subscriber = subscriber;
    this.channel = channel;
  }

  /** The subscribing connection. */
  public Subscriber subscriber() {
    return subscriber;
  }

  /** The channel. */
  public Channel channel() {
    return channel;
  }

  /** Whether the subscription still receives events. */
  public boolean active() {
    return active;
  }

  void deactivate() {
    active = false;
  }

  /**
   * Delivers a live event, or buffers it while the subscription is starting; with
   * {@code deferred} the subscriber's write is left to the hub's flush at the end of the burst.
   */
  synchronized void onEvent(ChannelEvent event, boolean deferred) {
    onEvent(event, null, deferred);
  }

  /** As above, with the message built once for every subscriber of the event ({@code prepared}, may be null). */
  synchronized void onEvent(ChannelEvent event, Outgoing prepared, boolean deferred) {
    if (!active) {
      return;
    }
    if (buffer != null) {
      buffer.add(event);
      return;
    }
    deliver(event, prepared, deferred);
  }

  /**
   * Sends the replayed events, then everything buffered meanwhile that is newer, and goes live; the
   * lock keeps live events from overtaking the buffered ones.
   */
  synchronized void goLive(String startEpoch, long startOffset, List<ChannelEvent> replay) {
    epoch = startEpoch;
    lastOffset = replay.isEmpty() ? startOffset : Math.min(startOffset, replay.get(0).offset() - 1);
    for (ChannelEvent e : replay) {
      if (e.offset() > lastOffset) {
        lastOffset = e.offset();
        subscriber.sendReplayed(Outgoing.of(e));
      }
    }
    lastOffset = Math.max(lastOffset, startOffset);
    List<ChannelEvent> buffered = buffer;
    buffer = null;
    for (ChannelEvent e : buffered) {
      deliver(e, null, false);
    }
  }

  private void deliver(ChannelEvent event, Outgoing prepared, boolean deferred) {
    if (!event.epoch().equals(epoch)) {
      // The channel's history was reset while subscribed: its offsets start again.
      epoch = event.epoch();
      lastOffset = event.offset() - 1;
    }
    if (event.offset() <= lastOffset) {
      return;
    }
    lastOffset = event.offset();
    Outgoing message = prepared != null ? prepared : Outgoing.of(event);
    if (deferred) {
      subscriber.sendDeferred(message);
    } else {
      subscriber.send(message);
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + channel.name() + " for " + subscriber.login() + "]";
  }
}
