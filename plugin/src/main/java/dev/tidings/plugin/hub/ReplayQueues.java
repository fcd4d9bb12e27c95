package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.log.ChannelEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces resumes ({@code since}) page by page instead of all at once: each connection has one queue
 * of replays, read one at a time in subscribe order, each page (at most {@code hub.replay.pageBytes},
 * read by {@link ReplayPager}) only after the previous one was written, so a connection never
 * holds more than about one page of replay whatever its gap or its reading speed. Pages are
 * reserved against the server-wide {@link ReplayBudget}; when it is used up, pages wait a little.
 * A long-poll collects its pages at once on its own thread, up to its answer's bounds. Paced pages
 * run on the {@code tidings-replay} threads.
 */
final class ReplayQueues {

  private static final Logger log = LoggerFactory.getLogger(ReplayQueues.class);
  private static final long BUDGET_RETRY_MILLIS = 25;

  /** One connection's replays. All fields guarded by the queue itself. */
  private static final class Queue {
    final Subscriber subscriber;
    final String address;
    final ArrayDeque<ReplayFeed> feeds = new ArrayDeque<>(2);
    ReplayFeed current;
    int holds;
    boolean running;
    boolean closed;
    long reserved;

    Queue(Subscriber subscriber, String address) {
      this.subscriber = subscriber;
      this.address = address;
    }
  }

  private final ReplayPager pager;
  private final HubSettings settings;
  private final ReplayBudget budget;
  private final ConcurrentHashMap<Subscriber, Queue> queues = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService executor;

  ReplayQueues(ReplayPager pager, HubSettings settings, ReplayBudget budget) {
    this.pager = pager;
    this.settings = settings;
    this.budget = budget;
  }

  void start() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(2, Workers.factory("replay"));
    e.setRemoveOnCancelPolicy(true);
    executor = e;
  }

  void stop() throws InterruptedException {
    ScheduledExecutorService e = executor;
    executor = null;
    if (e != null) {
      e.shutdownNow();
      e.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A hold on {@code subscriber}'s replay queue, made now within the budget for {@code address}
   * (null: not counted per address) unless it already exists; null when the budget refuses.
   */
  ReplayHold hold(Subscriber subscriber, String address) {
    while (true) {
      Queue q = queues.get(subscriber);
      if (q == null) {
        if (!budget.tryOpen(address)) {
          return null;
        }
        Queue fresh = new Queue(subscriber, address);
        q = queues.putIfAbsent(subscriber, fresh);
        if (q == null) {
          q = fresh;
        } else {
          budget.close(address);
        }
      }
      synchronized (q) {
        if (!q.closed) {
          q.holds++;
          Queue held = q;
          return new ReplayHold() {
            private boolean done;

            @Override
            public void close() {
              synchronized (held) {
                if (done) {
                  return;
                }
                done = true;
                held.holds--;
              }
              closeIfIdle(held);
            }
          };
        }
      }
      // Closed meanwhile: make a new one.
    }
  }

  /** Queues the replay of {@code s} up to {@code upTo} (the subscriber holds its queue) and starts it when it is next. */
  void enqueue(Subscriber subscriber, Subscription s, long upTo) {
    Queue q = queues.get(subscriber);
    if (q == null) {
      throw new IllegalStateException("replay enqueued without a hold");
    }
    synchronized (q) {
      q.feeds.addLast(new ReplayFeed(s, upTo));
    }
    kick(q);
  }

  /** Drops the replay of {@code s} (unsubscribed, replaced, or its connection closed). */
  void cancel(Subscription s) {
    Queue q = queues.get(s.subscriber());
    if (q == null) {
      return;
    }
    synchronized (q) {
      q.feeds.removeIf(f -> f.subscription == s);
      if (q.current != null && q.current.subscription == s) {
        // A step waiting for the outbox to drain moves on to the next one; when none is left the
        // queue closes below even if that step never runs (the connection closed).
        q.current = null;
      }
    }
    closeIfIdle(q);
  }

  private void closeIfIdle(Queue q) {
    synchronized (q) {
      if (q.closed || q.holds > 0 || q.current != null || !q.feeds.isEmpty()) {
        return;
      }
      q.closed = true;
      budget.adjust(-q.reserved);
      q.reserved = 0;
    }
    queues.remove(q.subscriber, q);
    budget.close(q.address);
  }

  private void kick(Queue q) {
    synchronized (q) {
      if (q.running || q.closed) {
        return;
      }
      q.running = true;
    }
    if (q.subscriber.replaysInline()) {
      runInline(q);
    } else {
      q.subscriber.whenReplayReady(() -> submit(q, 0));
    }
  }

  private void submit(Queue q, long delayMillis) {
    ScheduledExecutorService e = executor;
    try {
      if (e == null) {
        throw new RejectedExecutionException("stopped");
      }
      if (delayMillis > 0) {
        e.schedule(() -> step(q), delayMillis, TimeUnit.MILLISECONDS);
      } else {
        e.execute(() -> step(q));
      }
    } catch (RejectedExecutionException x) {
      // Plugin stopping: its connections are closed, which cancels the replays.
      synchronized (q) {
        q.running = false;
      }
    }
  }

  /** One page of a paced replay, after the previous page was written. */
  private void step(Queue q) {
    ReplayFeed f;
    synchronized (q) {
      if (q.closed || !q.running) {
        return;
      }
      // The previous page has been written: its memory is free again.
      budget.adjust(-q.reserved);
      q.reserved = 0;
      f = next(q);
      if (f == null) {
        q.running = false;
      } else if (!budget.tryReserve(settings.replayPageBytes())) {
        f = null;
        submit(q, BUDGET_RETRY_MILLIS);
        return;
      } else {
        q.reserved = settings.replayPageBytes();
      }
    }
    if (f == null) {
      closeIfIdle(q);
      return;
    }
    boolean more;
    try {
      more = page(q, f);
    } catch (RuntimeException e) {
      log.error("Replaying {} failed", f.subscription.channel().name(), e);
      pager.fail(f);
      more = false;
    }
    synchronized (q) {
      if (!more && q.current == f) {
        q.current = null;
      }
      if (q.closed || !q.running) {
        return;
      }
    }
    q.subscriber.whenReplayReady(() -> submit(q, 0));
  }

  /** Every page at once, on the subscribing thread, as long as the subscriber wants more. */
  private void runInline(Queue q) {
    while (true) {
      ReplayFeed f;
      synchronized (q) {
        f = next(q);
        if (f == null) {
          q.running = false;
        }
      }
      if (f == null) {
        closeIfIdle(q);
        return;
      }
      // Asked outside the queue's lock: the subscriber takes its own lock, and holds it when it
      // unsubscribes (which cancels here).
      if (!q.subscriber.replayWanted() || !budget.tryReserve(settings.replayPageBytes())) {
        // Its answer is full, or the server's replay memory is: the client continues later.
        synchronized (q) {
          q.running = false;
        }
        q.subscriber.replayStopped(f.subscription.channel().name());
        return;
      }
      synchronized (q) {
        if (q.closed) {
          budget.adjust(-settings.replayPageBytes());
          return;
        }
        // Kept until the queue closes: a long-poll holds its events until it answers.
        q.reserved += settings.replayPageBytes();
      }
      boolean more;
      try {
        more = page(q, f);
      } catch (RuntimeException e) {
        log.error("Replaying {} failed", f.subscription.channel().name(), e);
        pager.fail(f);
        more = false;
      }
      synchronized (q) {
        if (!more && q.current == f) {
          q.current = null;
        }
      }
    }
  }

  /** The replay to work on: the current one, or the next whose subscription is still active. */
  private ReplayFeed next(Queue q) {
    while (q.current == null || !q.current.subscription.active()) {
      q.current = q.feeds.pollFirst();
      if (q.current == null) {
        return null;
      }
    }
    return q.current;
  }

  /** Sends the next page of {@code f} and accounts its memory; false when its replay is over. */
  private boolean page(Queue q, ReplayFeed f) {
    List<ChannelEvent> page = pager.read(f);
    if (page.isEmpty()) {
      return false;
    }
    long bytes = 0;
    for (ChannelEvent e : page) {
      bytes += e.envelope().length;
    }
    synchronized (q) {
      if (!q.closed) {
        budget.adjust(bytes - settings.replayPageBytes());
        q.reserved += bytes - settings.replayPageBytes();
      }
    }
    return pager.deliver(f, page);
  }
}
