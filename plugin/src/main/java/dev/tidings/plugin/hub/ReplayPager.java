package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one page of a replay from the log and hands it to its subscription, filtered by the
 * subscriber's read access now; ends the replay (live from then on) when it has reached the
 * channel's position. Called by {@link ReplayQueues} on one thread at a time per connection.
 */
final class ReplayPager {

  private final EventLog eventLog;
  private final ChannelAuthorizer authorizer;
  private final HubSettings settings;
  private final Consumer<Subscription> ender;

  /** {@code ender} ends a subscription whose replay cannot be completed. */
  ReplayPager(EventLog eventLog, ChannelAuthorizer authorizer, HubSettings settings, Consumer<Subscription> ender) {
    this.eventLog = eventLog;
    this.authorizer = authorizer;
    this.settings = settings;
    this.ender = ender;
  }

  /**
   * The next page of {@code f} (at most {@code hub.replay.pageBytes}), contiguous from where the
   * replay stands; empty when the replay is over: it reached the channel's position (the
   * subscription is live now) or it failed (retention removed part of the gap; ended and told).
   */
  List<ChannelEvent> read(ReplayFeed f) {
    Subscription s = f.subscription;
    String channel = s.channel().name();
    String epoch = s.epoch();
    long after = s.replayedThrough();
    if (after >= f.upTo) {
      ChannelPosition now = eventLog.position(channel);
      if (s.finishReplay(now)) {
        s.subscriber().replayedThrough(channel, epoch, now.epoch().equals(epoch) ? Math.max(after, now.offset()) : after);
        return List.of();
      }
      // Committed while the replay ran: read on up to there, then go live.
      f.upTo = now.offset();
    }
    List<ChannelEvent> page = eventLog.readPage(channel, epoch, after, f.upTo,
        Math.min(settings.queueMaxMessages(), settings.writeBatchMessages() * 8), settings.replayPageBytes());
    long expected = after + 1;
    for (ChannelEvent e : page) {
      if (e.offset() != expected++) {
        page = List.of();
        break;
      }
    }
    if (page.isEmpty()) {
      // Retention removed part of the gap while it was replayed: no partial replay.
      fail(f);
    }
    return page;
  }

  /** Hands {@code page} to the subscription; false when the subscription has ended meanwhile. */
  boolean deliver(ReplayFeed f, List<ChannelEvent> page) {
    Subscription s = f.subscription;
    String login = s.subscriber().login();
    for (ChannelEvent e : page) {
      if (!s.replay(e, readable(login, e))) {
        return false;
      }
    }
    s.subscriber().replayedThrough(s.channel().name(), s.epoch(), page.get(page.size() - 1).offset());
    return true;
  }

  /** Ends {@code f}'s subscription because its replay cannot be completed, and tells its subscriber. */
  void fail(ReplayFeed f) {
    Subscription s = f.subscription;
    if (s.active()) {
      ender.accept(s);
      s.subscriber().replayFailed(s.channel().name());
    }
  }

  /**
   * Whether {@code login} may receive {@code e} now: the same check as live delivery, on every
   * kind of channel ({@code user:} too, so a notification about a repository one can no longer
   * read is not shown again).
   */
  private boolean readable(String login, ChannelEvent e) {
    return authorizer.mayReceive(login, authorizer.restriction(e));
  }
}
