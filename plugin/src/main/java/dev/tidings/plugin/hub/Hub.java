package dev.tidings.plugin.hub;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.ChannelAuthorizer.Decision;
import dev.tidings.plugin.access.ChannelAuthorizer.Restriction;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.log.ReplayPlan;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel to subscribers, with O(1) lookup: fans each committed event out to the channel's
 * subscribers (the same envelope bytes for all), re-checks read access at delivery for private
 * repositories and organisation channels, and starts subscriptions without a gap between replay
 * and live events. Fan-out runs on one {@code tidings-hub} thread, in broker order, so the log's
 * writer never waits for sockets; no lock is shared across channels or held across connections.
 */
@Singleton
public final class Hub implements Managed {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  /**
   * One channel's subscribers, plus the one {@link Channel} and epoch String that all of its
   * subscriptions share (instead of a parsed copy per subscription: idle connections add up).
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
  private final EventLog eventLog;
  private final Broker broker;
  private final ChannelAuthorizer authorizer;
  private final HubSettings settings;
  private final HubMetrics metrics;
  private static final int DRAIN_BATCH = 256;

  private final AtomicBoolean registered = new AtomicBoolean();
  private final ConcurrentLinkedQueue<ChannelEvent> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile ExecutorService dispatcher;
  private final Replays replays;

  /** A hub over the given log and broker. */
  @Inject
  public Hub(EventLog eventLog, Broker broker, ChannelAuthorizer authorizer, HubSettings settings, HubMetrics metrics) {
    this.eventLog = eventLog;
    this.broker = broker;
    this.authorizer = authorizer;
    this.settings = settings;
    this.metrics = metrics;
    this.replays = new Replays(eventLog, authorizer, settings, new ReplayBudget(settings), this::unsubscribe);
  }

  @Override
  public Phase phase() {
    return Phase.HUB;
  }

  @Override
  public void start() {
    ThreadPoolExecutor executor = Workers.serial("hub");
    dispatcher = executor;
    replays.start();
    if (registered.compareAndSet(false, true)) {
      // The broker has no way to unregister: the receiver forwards to whatever executor is current.
      broker.onEvent(this::publish);
    }
  }

  @Override
  public void stop() throws InterruptedException {
    replays.stop();
    ExecutorService executor = dispatcher;
    dispatcher = null;
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Takes an event from the broker and fans it out on the hub thread; never blocks. */
  public void publish(ChannelEvent event) {
    ExecutorService executor = dispatcher;
    if (executor == null) {
      return;
    }
    pending.add(event);
    if (draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        draining.set(false);
        log.debug("Hub stopped; {} #{} not fanned out", event.channel(), event.offset());
      }
    }
  }

  /**
   * Fans out everything pending (up to a bound per round): each event is queued for every
   * subscriber first, then every touched subscriber is flushed once, so a burst of events costs a
   * connection one write instead of one write per event, while a lone event goes out at once.
   */
  private void drain() {
    Set<Subscriber> touched = new LinkedHashSet<>();
    while (true) {
      for (int i = 0; i < DRAIN_BATCH; i++) {
        ChannelEvent e = pending.poll();
        if (e == null) {
          break;
        }
        dispatch(e, touched);
      }
      for (Subscriber s : touched) {
        try {
          s.flush();
        } catch (RuntimeException x) {
          log.warn("Flushing {} failed", s, x);
        }
      }
      touched.clear();
      if (pending.isEmpty()) {
        draining.set(false);
        // An event added after the emptiness check but before the flag cleared must not wait.
        if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }

  /** Fans {@code event} out to its channel's subscribers on the calling thread, writing at once. */
  public void dispatch(ChannelEvent event) {
    dispatch(event, null);
  }

  private void dispatch(ChannelEvent event, Set<Subscriber> touched) {
    Subscribers known = channels.get(event.channel());
    Set<Subscription> subscribers = known == null ? null : known.set;
    if (subscribers == null || subscribers.isEmpty()) {
      return;
    }
    Restriction restriction;
    try {
      restriction = authorizer.restriction(event);
    } catch (RuntimeException e) {
      log.error("Cannot tell who may read {}; {} #{} not delivered", event.repository(), event.channel(), event.offset(), e);
      return;
    }
    Outgoing prepared = Outgoing.shared(event, subscribers.size());
    for (Subscription s : subscribers) {
      try {
        if (restriction != null && !authorizer.mayReceive(s.subscriber().login(), restriction)) {
          if (s.channel().kind() == Channel.Kind.REPO) {
            // The subscriber lost read access to the repository itself: end the subscription.
            revoke(s);
          }
          continue;
        }
        s.onEvent(event, prepared, touched != null);
        if (touched != null) {
          touched.add(s.subscriber());
        }
      } catch (RuntimeException e) {
        log.warn("Delivering {} #{} to {} failed", event.channel(), event.offset(), s, e);
      }
    }
  }

  /**
   * Subscribes {@code subscriber} to {@code channel} (already authorised by the caller) and lets
   * {@code announce} queue the transport's {@code subscribed} answer. Without {@code since} it
   * registers in buffering mode, reads the position and goes live. With {@code since} it asks the
   * log whether the whole gap may be replayed ({@code hub.replay.maxEvents}/{@code maxBytes}; never
   * a partial replay) and, if so, queues the replay on the connection's {@link Replays} queue, which
   * reads it page by page and then goes live; otherwise it answers {@code recovered:false} and goes
   * live at once.
   *
   * @throws ReplayRefusedException with {@code since}, when the replay budget refuses (nothing subscribed)
   */
  public Subscription subscribe(Subscriber subscriber, Channel channel, ChannelPosition since, Consumer<SubscribeStart> announce) {
    Subscribers known = channels.get(channel.name());
    if (known != null) {
      channel = known.channel;
    }
    ReplayHold hold = null;
    if (since != null) {
      hold = replays.hold(subscriber, null);
      if (hold == null) {
        throw new ReplayRefusedException();
      }
    }
    try {
      Subscription s = new Subscription(subscriber, channel);
      add(s);
      try {
        String name = channel.name();
        if (since == null) {
          ChannelPosition position = eventLog.position(name);
          announce.accept(new SubscribeStart(name, position.epoch(), position.offset(), null, position.offset()));
          s.goLive(sharedEpoch(name, position.epoch()), position.offset(), List.of());
          return s;
        }
        ReplayPlan plan = eventLog.planReplay(name, since.epoch(), since.offset(), settings.replayMaxEvents(),
            settings.replayMaxBytes());
        metrics.replay(plan.recovered());
        ChannelPosition position = plan.position();
        if (!plan.hasEvents()) {
          announce.accept(new SubscribeStart(name, position.epoch(), position.offset(), plan.recovered(), position.offset()));
          s.goLive(sharedEpoch(name, position.epoch()), position.offset(), List.of());
          return s;
        }
        s.startReplay(sharedEpoch(name, position.epoch()), plan.after());
        announce.accept(new SubscribeStart(name, position.epoch(), position.offset(), true, plan.after()));
        replays.enqueue(subscriber, s, plan.upTo());
        return s;
      } catch (RuntimeException e) {
        remove(s);
        throw e;
      }
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
  }

  /**
   * Holds a place in the replay budget for {@code subscriber} from {@code address} while a transport
   * subscribes channels with {@code since}; null when the budget refuses (answer {@code rate_limited}
   * or 429 before subscribing anything).
   */
  public ReplayHold holdReplays(Subscriber subscriber, String address) {
    return replays.hold(subscriber, address);
  }

  /** {@code epoch}, or the equal String already held by the channel's other subscriptions. */
  private String sharedEpoch(String channel, String epoch) {
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

  /** Ends a subscription (unsubscribe or connection closed); doing it twice is harmless. */
  public void unsubscribe(Subscription s) {
    remove(s);
  }

  /** Ends {@code s} because access was lost and tells its subscriber. */
  public void revoke(Subscription s) {
    if (remove(s)) {
      log.info("Access to {} revoked for {}", s.channel().name(), s.subscriber().login());
      s.subscriber().revoked(s.channel().name());
    }
  }

  /** Re-checks every subscription that {@code affected} selects and revokes those no longer allowed. */
  public int revalidate(Predicate<Subscription> affected) {
    int revoked = 0;
    for (Subscribers known : channels.values()) {
      for (Subscription s : known.set) {
        if (affected.test(s) && authorizer.check(s.subscriber().login(), s.channel()) != Decision.ALLOWED) {
          revoke(s);
          revoked++;
        }
      }
    }
    return revoked;
  }

  /** Subscriptions over all channels (tests and health). */
  public int subscriptionCount() {
    int n = 0;
    for (Subscribers known : channels.values()) {
      n += known.set.size();
    }
    return n;
  }

  /** Whether the dispatcher is running. */
  public boolean running() {
    ExecutorService executor = dispatcher;
    return executor != null && !executor.isShutdown();
  }

  private void add(Subscription s) {
    channels.compute(s.channel().name(), (name, known) -> {
      Subscribers target = known == null ? new Subscribers(s.channel()) : known;
      target.set.add(s);
      return target;
    });
    metrics.subscriptionAdded();
  }

  private boolean remove(Subscription s) {
    boolean[] removed = {false};
    channels.computeIfPresent(s.channel().name(), (name, known) -> {
      removed[0] = known.set.remove(s);
      return known.set.isEmpty() ? null : known;
    });
    s.deactivate();
    replays.cancel(s);
    if (removed[0]) {
      metrics.subscriptionRemoved();
    }
    return removed[0];
  }
}
