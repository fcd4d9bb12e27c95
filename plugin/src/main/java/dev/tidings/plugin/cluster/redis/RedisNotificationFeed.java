package dev.tidings.plugin.cluster.redis;

import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.cluster.NodeId;
import dev.tidings.plugin.cluster.redis.RedisWorkQueue.Batch;
import dev.tidings.plugin.cluster.redis.RedisWorkQueue.WorkItem;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.log.EventJournal;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.notify.route.NotificationRouter;
import dev.tidings.plugin.notify.route.RoutingAttempts;
import io.lettuce.core.RedisException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The notification router's input in {@code broker=redis}: the work stream, shared by every node
 * through one consumer group ({@link RedisWorkQueue}), instead of the node's SQLite journal. One
 * thread takes entries under this node's consumer name ({@code notify.feed.consumer}, by default the
 * {@link NodeId}), routes each event and acknowledges it only after its threads committed; so each
 * event is routed by one live node, and the entries of a node that died holding them are taken over
 * by another after {@code redis.work.claimAfter} (a live node resets the idle time of the entries
 * it holds every third of that, so a slow event is not taken over). At start the node first re-reads its own entries
 * that an earlier life took and never acknowledged.
 *
 * <p>Routing an entry again (a take-over, a lost acknowledgement) changes nothing: the event's claim
 * in {@code notify_processed} commits with its threads. Failures follow {@link RoutingAttempts}, like
 * {@code NotificationFeed}: an unreachable notification database is waited for without using up an attempt; any
 * other failure is retried three times, then the event is skipped, logged and counted. Entries that
 * {@code redis.work.maxLen} trimmed before anyone took them are logged and counted as missed.
 */
@Singleton
public final class RedisNotificationFeed implements Managed {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RedisNotificationFeed.class);
  private static final long TRIM_EVERY_MILLIS = 10_000;

  private final RedisConnections connections;
  private final RedisSettings settings;
  private final NotificationRouter router;
  private final NotifyMetrics metrics;
  private final NodeId node;
  private final String consumer;
  private final int batch;
  private final Duration drainTimeout;
  private final Object signal = new Object();
  private volatile boolean stopping;
  private final RoutingAttempts attempts;
  private volatile Thread thread;
  private volatile RedisWorkQueue queue;
  /** Entries taken and not yet acknowledged; their idle time is reset every claimAfter / 3. */
  private final Set<String> inHand = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService keeper;

  @Inject
  public RedisNotificationFeed(RedisConnections connections, RedisSettings settings, NotificationRouter router,
      NotifyMetrics metrics, NodeId node, TidingsConfig config) {
    this.connections = connections;
    this.settings = settings;
    this.router = router;
    this.metrics = metrics;
    this.attempts = new RoutingAttempts(log, metrics, millis -> {
      pause(millis);
      return !stopping;
    });
    this.node = node;
    this.consumer = config.getString("notify.feed.consumer", node.value());
    this.batch = Math.max(1, config.getInt("notify.feed.pageSize", 100));
    this.drainTimeout = config.getDuration("notify.shutdown.drainTimeout", Duration.ofSeconds(10));
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("notify.shutdown.drainTimeout must not be negative");
    }
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public synchronized void start() {
    RedisWorkQueue q = new RedisWorkQueue(connections.workCommands(), settings.keys(), RedisSettings.WORK_GROUP,
        settings.claimAfter());
    q.ensureGroup();
    queue = q;
    stopping = false;
    // Keeps this node's entries from being taken over while it works on them (on the shared
    // connection: the work connection is blocked in reads).
    RedisWorkQueue shared = new RedisWorkQueue(connections.commands(), settings.keys(), RedisSettings.WORK_GROUP,
        settings.claimAfter());
    long every = Math.max(100, settings.claimAfter().toMillis() / 3);
    keeper = Workers.timer("notify-claims");
    keeper.scheduleWithFixedDelay(() -> keep(shared), every, every, TimeUnit.MILLISECONDS);
    // Done entries leave the stream (any node may do it; it is idempotent), so redis.work.maxLen
    // bounds only work not yet done.
    keeper.scheduleWithFixedDelay(() -> trim(shared), TRIM_EVERY_MILLIS, TRIM_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    log.info("Node {} routes notifications from the Redis work stream {} as consumer '{}' (take-over after {})",
        node, settings.keys().work(), consumer, settings.claimAfter());
    thread = Workers.thread("notify-router", this::run);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    Thread t = thread;
    if (t == null) {
      return;
    }
    stopping = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    // A take may block for redis.tailBlock before the thread sees the flag.
    t.join(Math.max(1, drainTimeout.toMillis()) + settings.tailBlock().toMillis());
    if (t.isAlive()) {
      log.warn("Notification router did not finish its event within {}; its entry stays pending for this node's "
          + "next start (or another node after {})", drainTimeout, settings.claimAfter());
      t.interrupt();
      t.join(5_000);
    }
    thread = null;
    keeper.shutdownNow();
    keeper = null;
    // Left pending: this node's next start re-reads them, or another node takes them over.
    inHand.clear();
  }

  private void trim(RedisWorkQueue shared) {
    try {
      long n = shared.trimDone();
      if (n > 0) {
        log.debug("Removed {} done entries from the Redis work stream", n);
      }
    } catch (RuntimeException e) {
      log.debug("Could not trim the Redis work stream: {}", e.toString());
    }
  }

  private void keep(RedisWorkQueue shared) {
    try {
      shared.keep(consumer, List.copyOf(inHand));
    } catch (RuntimeException e) {
      log.debug("Could not refresh this node's claim on its notification work: {}", e.toString());
    }
  }

  /** This node's consumer name in the work stream's group. */
  public String consumer() {
    return consumer;
  }

  /** Whether routing waits for an unreachable notification database (health, tests). */
  public boolean waitingForDatabase() {
    return attempts.waitingForDatabase();
  }

  private void run() {
    // Own pending entries first (from ID 0): work an earlier life of this node took and never finished.
    String pendingAfter = "0";
    int reclaimed = 0;
    long backoff = 50;
    try {
      while (!stopping) {
        try {
          List<WorkItem> items;
          if (pendingAfter != null) {
            items = queue.pending(consumer, pendingAfter, batch);
            if (items.isEmpty()) {
              if (reclaimed > 0) {
                log.info("Node {} routed {} notification entries it had taken before its restart", node, reclaimed);
              }
              pendingAfter = null;
              continue;
            }
            pendingAfter = items.get(items.size() - 1).id();
            reclaimed += items.size();
          } else {
            Batch b = queue.take(consumer, batch, settings.tailBlock());
            if (b.lost() > 0) {
              log.warn("{} notification work entries were trimmed from the Redis work stream (redis.work.maxLen={}) "
                  + "before any node took them: those events got no notifications", b.lost(),
                  settings.retention().workMaxLen());
              metrics.missed(b.lost());
            }
            items = b.items();
          }
          items.forEach(i -> inHand.add(i.id()));
          for (WorkItem item : items) {
            if (stopping) {
              break; // not acknowledged: this node's next start (or another node) routes it
            }
            if (handle(item)) {
              queue.done(List.of(item.id()));
              inHand.remove(item.id());
            }
          }
          backoff = 50;
        } catch (RedisException e) {
          if (stopping) {
            break;
          }
          if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
            // Redis lost its data (a new empty Redis): the group goes with the stream. Created
            // again at the stream's start, it delivers whatever was appended since.
            log.warn("The Redis work stream's consumer group is gone (Redis lost its data?); creating it again");
            queue.ensureGroup();
          }
          log.warn("Taking notification work from Redis failed ({}); retrying in {} ms", e.getMessage(), backoff);
          pause(backoff);
          backoff = Math.min(2_000, backoff * 2);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Notification router stopped; its pending entries are routed at the next start or by another node", e);
    }
  }

  /** Routes one entry; true when it is finished (routed, or given up) and may be acknowledged. */
  private boolean handle(WorkItem item) throws InterruptedException {
    if (item.payload() == null) {
      log.warn("Notification work entry {} was trimmed from the Redis work stream before it was routed; "
          + "no notifications for it", item.id());
      metrics.missed(1);
      return true;
    }
    TidingsEvent event;
    try {
      event = EventJournal.decode(item.payload());
    } catch (Exception e) {
      log.error("Notification work entry {} is not a readable event; skipped", item.id(), e);
      metrics.failed();
      return true;
    }
    // No checkpoint: the acknowledgement is the position, and the claim makes a repeat harmless.
    if (!attempts.route(event, "work entry " + item.id(), () -> router.route(event, null), () -> false)) {
      return false;
    }
    metrics.routed();
    return true;
  }

  private void pause(long millis) throws InterruptedException {
    synchronized (signal) {
      if (!stopping) {
        signal.wait(millis);
      }
    }
  }
}
