package dev.tidings.plugin.hub;

import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.ChannelAuthorizer.Restriction;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.log.ChannelEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each committed event out to its channel's subscriptions (the same envelope bytes for all)
 * on the one {@code tidings-hub} thread, in broker order, so the log's writer never waits for
 * sockets; re-checks read access at delivery for private repositories and organisation channels.
 */
final class FanOutDispatcher implements Managed {

  private static final Logger log = LoggerFactory.getLogger(FanOutDispatcher.class);
  private static final int DRAIN_BATCH = 256;

  private final ChannelRegistry registry;
  private final ChannelAuthorizer authorizer;
  private final Consumer<Subscription> revoke;
  private final ConcurrentLinkedQueue<ChannelEvent> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile ExecutorService executor;

  /** {@code revoke} ends a repository subscription whose subscriber lost read access. */
  FanOutDispatcher(ChannelRegistry registry, ChannelAuthorizer authorizer, Consumer<Subscription> revoke) {
    this.registry = registry;
    this.authorizer = authorizer;
    this.revoke = revoke;
  }

  @Override
  public Phase phase() {
    return Phase.HUB;
  }

  @Override
  public void start() {
    executor = Workers.serial("hub");
  }

  @Override
  public void stop() throws InterruptedException {
    ExecutorService e = executor;
    executor = null;
    if (e != null) {
      e.shutdown();
      e.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Whether the fan-out thread runs. */
  boolean running() {
    ExecutorService e = executor;
    return e != null && !e.isShutdown();
  }

  /** Queues {@code event} for fan-out on the hub thread; never blocks. */
  void publish(ChannelEvent event) {
    ExecutorService e = executor;
    if (e == null) {
      return;
    }
    pending.add(event);
    if (draining.compareAndSet(false, true)) {
      try {
        e.execute(this::drain);
      } catch (RuntimeException x) {
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

  /**
   * Fans {@code event} out on the calling thread: with {@code touched}, writes are left to the
   * flush at the end of the burst and the subscribers recorded there; without, written at once.
   */
  void dispatch(ChannelEvent event, Set<Subscriber> touched) {
    Set<Subscription> subscribers = registry.subscribers(event.channel());
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
            revoke.accept(s);
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
}
