package dev.tidings.plugin.hub;

import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscriber's subscription to one channel. It starts in buffering mode so that live events
 * arriving while its position is read are kept, then goes live; a resume instead goes through
 * replay mode (see {@link #startReplay}). Delivery is deduplicated by offset, so the replay/live
 * boundary neither loses nor repeats an event.
 */
public final class Subscription {

  private final Subscriber subscriber;
  private final Channel channel;
  private List<ChannelEvent> buffer = new ArrayList<>();
  private String epoch;
  private long lastOffset;
  private volatile boolean active = true;
  private boolean replaying;

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
   * Delivers a live event, or buffers it while the subscription is starting; {@code prepared} is
   * the message built once for every subscriber of the event (may be null); with {@code deferred}
   * the subscriber's write is left to the hub's flush at the end of the burst.
   */
  synchronized void onEvent(ChannelEvent event, Outgoing prepared, boolean deferred) {
    if (!active) {
      return;
    }
    if (buffer != null) {
      buffer.add(event);
      return;
    }
    if (replaying) {
      // Read from the log by the replay instead (see startReplay).
      return;
    }
    deliver(event, prepared, deferred);
  }

  /**
   * Goes live at {@code startOffset} of {@code startEpoch}: sends what was buffered meanwhile that
   * is newer; the lock keeps live events from overtaking the buffered ones.
   */
  synchronized void goLive(String startEpoch, long startOffset) {
    epoch = startEpoch;
    lastOffset = startOffset;
    List<ChannelEvent> buffered = buffer;
    buffer = null;
    replaying = false;
    for (ChannelEvent e : buffered) {
      deliver(e, null, false);
    }
  }

  /**
   * Enters replay mode after {@code after} of {@code startEpoch}: the replay is read from the log
   * page by page, and live events are dropped meanwhile (they are in the log, and the replay reads
   * on until it reaches the channel's position), so nothing is held in memory per subscription.
   */
  synchronized void startReplay(String startEpoch, long after) {
    epoch = startEpoch;
    lastOffset = after;
    buffer = null;
    replaying = true;
  }

  /** The offset the replay has reached (replayed or skipped as unreadable). */
  synchronized long replayedThrough() {
    return lastOffset;
  }

  /** The replay's epoch. */
  synchronized String epoch() {
    return epoch;
  }

  /**
   * Takes the next replayed event: sent when {@code send} (the subscriber may read it), only
   * counted otherwise; false when the subscription has ended.
   */
  synchronized boolean replay(ChannelEvent event, boolean send) {
    if (!active) {
      return false;
    }
    if (event.offset() <= lastOffset) {
      return true;
    }
    lastOffset = event.offset();
    if (send) {
      subscriber.sendReplayed(Outgoing.of(event));
    }
    return true;
  }

  /**
   * Ends the replay when it has reached {@code now} (the channel's position read just now, under
   * this lock, so an event committed after it is dispatched to this subscription once it is live)
   * and returns true; returns false when newer events were committed meanwhile: read on up to
   * {@code now}.
   */
  synchronized boolean finishReplay(ChannelPosition now) {
    if (active && now.epoch().equals(epoch) && now.offset() > lastOffset) {
      return false;
    }
    replaying = false;
    return true;
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
