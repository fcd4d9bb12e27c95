package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.ChannelAuthorizer.Decision;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's façade over its three parts: the {@link ChannelRegistry} (who is subscribed to what),
 * the {@link FanOutDispatcher} (committed events to subscribers, on the {@code tidings-hub}
 * thread) and the {@link Resumption} with its {@link ReplayQueues} (where a subscription starts,
 * and paced replays). It knows subscribers only as {@link Subscriber}s: the protocol and the
 * transports sit above it.
 */
@Singleton
public final class Hub implements Managed {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);

  private final Broker broker;
  private final ChannelAuthorizer authorizer;
  private final ChannelRegistry registry;
  private final FanOutDispatcher dispatcher;
  private final ReplayQueues queues;
  private final Resumption resumption;
  private final AtomicBoolean registered = new AtomicBoolean();

  /** A hub over the given log and broker. */
  @Inject
  public Hub(EventLog eventLog, Broker broker, ChannelAuthorizer authorizer, HubSettings settings, HubMetrics metrics) {
    this.broker = broker;
    this.authorizer = authorizer;
    this.registry = new ChannelRegistry(metrics);
    this.dispatcher = new FanOutDispatcher(registry, authorizer, this::revoke);
    this.queues = new ReplayQueues(new ReplayPager(eventLog, authorizer, settings, this::unsubscribe), settings,
        new ReplayBudget(settings));
    this.resumption = new Resumption(eventLog, settings, metrics, registry, queues);
  }

  @Override
  public Phase phase() {
    return Phase.HUB;
  }

  @Override
  public void start() {
    dispatcher.start();
    queues.start();
    if (registered.compareAndSet(false, true)) {
      // The broker has no way to unregister: the receiver forwards to whatever executor is current.
      broker.onEvent(this::publish);
      broker.onLoss(this::interruptAll);
    }
  }

  @Override
  public void stop() throws InterruptedException {
    queues.stop();
    dispatcher.stop();
  }

  /** Takes an event from the broker and fans it out on the hub thread; never blocks. */
  public void publish(ChannelEvent event) {
    dispatcher.publish(event);
  }

  /** Fans {@code event} out on the calling thread, writing at once (tests). */
  void dispatch(ChannelEvent event) {
    dispatcher.dispatch(event, null);
  }

  /**
   * Registers {@code subscriber} for {@code channel} (already authorised by the caller) and reads
   * where it starts; the caller answers with {@link Subscribing#start()} and then calls
   * {@link #begin}. With {@code since} the log decides whether the whole gap may be replayed.
   *
   * @throws ReplayRefusedException with {@code since}, when the replay budget refuses (nothing subscribed)
   */
  public Subscribing subscribe(Subscriber subscriber, Channel channel, ChannelPosition since) {
    ReplayHold hold = null;
    if (since != null) {
      hold = queues.hold(subscriber, null);
      if (hold == null) {
        throw new ReplayRefusedException();
      }
    }
    Subscription s = new Subscription(subscriber, registry.canonical(channel));
    registry.add(s);
    try {
      return resumption.plan(s, since, hold);
    } catch (RuntimeException e) {
      unsubscribe(s);
      if (hold != null) {
        hold.close();
      }
      throw e;
    }
  }

  /** Starts a subscription once its {@code subscribed} answer is queued: live, or replay first. */
  public Subscription begin(Subscribing starting) {
    Subscription s = starting.subscription();
    try {
      resumption.begin(starting);
      return s;
    } catch (RuntimeException e) {
      unsubscribe(s);
      throw e;
    } finally {
      if (starting.hold() != null) {
        starting.hold().close();
      }
    }
  }

  /**
   * Holds a place in the replay budget for {@code subscriber} from {@code address} while a
   * connection subscribes channels with {@code since}; null when the budget refuses (answer
   * {@code rate_limited} or 429 before subscribing anything).
   */
  public ReplayHold holdReplays(Subscriber subscriber, String address) {
    return queues.hold(subscriber, address);
  }

  /** Ends a subscription (unsubscribe or connection closed); doing it twice is harmless. */
  public void unsubscribe(Subscription s) {
    registry.remove(s);
    queues.cancel(s);
  }

  /** Ends {@code s} because access was lost and tells its subscriber. */
  void revoke(Subscription s) {
    boolean removed = registry.remove(s);
    queues.cancel(s);
    if (removed) {
      log.info("Access to {} revoked for {}", s.channel().name(), s.subscriber().login());
      s.subscriber().revoked(s.channel().name());
    }
  }

  /** Re-checks every subscription that {@code affected} selects and revokes those no longer allowed. */
  int revalidate(Predicate<Subscription> affected) {
    int[] revoked = {0};
    registry.forEach(s -> {
      if (affected.test(s) && authorizer.check(s.subscriber().login(), s.channel()) != Decision.ALLOWED) {
        revoke(s);
        revoked[0]++;
      }
    });
    return revoked[0];
  }

  /**
   * The broker lost live events of unknown channels: every subscription ends the way an
   * interrupted replay does ({@code replay_interrupted}, retry), so each client subscribes again
   * with {@code since} and gets the missing events from the log, or {@code recovered:false}. The
   * same path as {@link ReplayPager#fail}: clients already handle it, and nothing new is on the wire.
   */
  int interruptAll() {
    int[] ended = {0};
    registry.forEach(s -> {
      if (registry.remove(s)) {
        queues.cancel(s);
        s.subscriber().replayFailed(s.channel().name());
        ended[0]++;
      }
    });
    log.warn("Live events were lost on the way to this node: {} subscription(s) told to resume with since", ended[0]);
    return ended[0];
  }

  /** Subscriptions over all channels (tests). */
  int subscriptionCount() {
    return registry.count();
  }

  /** Whether the fan-out thread runs (health). */
  public boolean running() {
    return dispatcher.running();
  }
}
