package dev.tidings.plugin.cluster.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.hooks.EventIds;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.log.AppendChecks;
import dev.tidings.plugin.log.ChannelAppend;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.Committed;
import dev.tidings.plugin.log.EventJournal;
import dev.tidings.plugin.log.EventStore;
import dev.tidings.plugin.log.Replay;
import dev.tidings.plugin.log.ReplayPlan;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventStore} of {@code broker=redis}: every append is one {@link RedisChannelLog#append}
 * script, which gives the offsets and puts the event on the fan-out stream in the same atomic step
 * (so the pipeline's publish has nothing left to do, see {@link RedisBroker#publish}); reads answer
 * from the channel streams with the single-node log's rules: a gap is replayed whole or not at all,
 * never longer than {@code log.retention.maxEventsPerChannel} nor older than {@code log.retention.maxAge}.
 *
 * <p>Appends run on one thread of their own ({@code tidings-redis-append}), so callers never wait
 * for Redis and this node's commit sequence is the order Redis acknowledged them in.
 *
 * <p>Notifications: a repository event's whole {@link TidingsEvent} ({@link EventJournal#encode}, with
 * its audience and subject) goes on the work stream in the same script as the event itself, so an
 * acknowledged event always has its routing work stored; {@link RedisNotificationFeed} takes it
 * from there on exactly one node. Nothing is written to the node's SQLite journal in this mode.
 * The work stream's consumer group is created at {@link #start}, before the first append, so no
 * entry is ever added that the group would not deliver.
 */
@Singleton
public final class RedisEventStore implements EventStore, Managed {

  private static final Logger log = LoggerFactory.getLogger(RedisEventStore.class);

  private final RedisConnections connections;
  private final RedisSettings settings;
  private final AppendChecks checks;
  private final Clock clock;
  private final long maxReplay;
  private final Duration maxAge;
  private final int maxQueue;
  private final AtomicInteger queued = new AtomicInteger();
  private volatile RedisChannelLog channels;
  private volatile ExecutorService appender;
  private long commits; // appender thread only
  private long downSince; // appender thread only; 0 while Redis is connected

  /** One event to store: its channels, header and data, and its notification work (repository events). */
  private record Pending(List<String> channels, EventHeader header, byte[] data, byte[] work) {}

  @Inject
  public RedisEventStore(RedisConnections connections, RedisSettings settings, ObjectMapper mapper,
      TidingsConfig config) {
    this.connections = connections;
    this.settings = settings;
    this.checks = new AppendChecks(mapper);
    this.clock = Clock.systemUTC();
    // The same replay bounds as the SQLite log (log.LogSettings).
    this.maxReplay = Math.max(1, config.getLong("log.retention.maxEventsPerChannel", 10_000));
    this.maxAge = config.getDuration("log.retention.maxAge", Duration.ofDays(7));
    // The same bound as the SQLite writer's queue: callers are never blocked, and never queue without end.
    this.maxQueue = Math.max(1, config.getInt("redis.maxQueue", config.getInt("db.maxQueue", 100_000)));
  }

  @Override
  public Phase phase() {
    return Phase.LOG;
  }

  @Override
  public synchronized void start() {
    channels = new RedisChannelLog(connections.commands(), settings.keys(), settings.retention());
    // Before the first append: entries added before the group exists would never be routed.
    RedisWorkQueue.ensureGroup(connections.commands(), settings.keys(), RedisSettings.WORK_GROUP);
    appender = Workers.serial("redis-append");
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    ExecutorService ex = appender;
    appender = null;
    Workers.stop(ex, 15_000);
  }

  @Override
  public CompletableFuture<Committed> append(TidingsEvent event) {
    String id = event.id() == null ? EventIds.next(event.timestamp()) : event.id();
    long timestamp = event.timestamp() > 0 ? event.timestamp() : clock.millis();
    try {
      EventHeader header = new EventHeader(id, event.type().wire(), timestamp,
          event.repository() == null ? null : event.repository().fullName());
      return write(List.of(new Pending(Channels.of(event), header, checks.objectFromMap(event.data()),
          EventJournal.encode(event, id, timestamp))));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Event is not JSON-ready", e));
    }
  }

  @Override
  public CompletableFuture<Committed> appendTo(String channel, String type, String repository, String dataJson) {
    return AppendChecks.single(channel, type, () -> checks.objectFromText(dataJson),
        data -> appendOne(channel, type, repository, data));
  }

  @Override
  public CompletableFuture<Committed> appendObjectTo(String channel, String type, String repository,
      byte[] objectJson) {
    return AppendChecks.single(channel, type, () -> AppendChecks.objectFromBytes(objectJson),
        data -> appendOne(channel, type, repository, data));
  }

  private CompletableFuture<Committed> appendOne(String channel, String type, String repository, byte[] data) {
    long now = clock.millis();
    return write(List.of(new Pending(List.of(channel), new EventHeader(EventIds.next(now), type, now, repository),
        data, null)));
  }

  /**
   * Stores the appends one script each, in list order. Unlike SQLite's one transaction, a Redis
   * failure part-way leaves the first ones stored (and delivered); the future then fails.
   */
  @Override
  public CompletableFuture<Committed> appendAllTo(List<ChannelAppend> appends) {
    if (appends.isEmpty()) {
      return CompletableFuture.completedFuture(Committed.NOTHING);
    }
    List<byte[]> data;
    try {
      data = checks.all(appends);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    long now = clock.millis();
    List<Pending> pending = new ArrayList<>(appends.size());
    for (int i = 0; i < appends.size(); i++) {
      ChannelAppend a = appends.get(i);
      pending.add(new Pending(List.of(a.channel()), new EventHeader(EventIds.next(now), a.type(), now, a.repository()),
          data.get(i), null));
    }
    return write(pending);
  }

  /** Queues {@code batch} on the append thread; completes once Redis stored it. */
  private CompletableFuture<Committed> write(List<Pending> batch) {
    CompletableFuture<Committed> done = new CompletableFuture<>();
    ExecutorService ex = appender;
    if (ex == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("The Redis event store is not running"));
    }
    if (queued.incrementAndGet() > maxQueue) {
      queued.decrementAndGet();
      return CompletableFuture.failedFuture(new RejectedExecutionException(
          "More than " + maxQueue + " appends wait for Redis"));
    }
    try {
      ex.execute(() -> {
        queued.decrementAndGet();
        store(batch, done);
      });
    } catch (RejectedExecutionException e) {
      queued.decrementAndGet();
      return CompletableFuture.failedFuture(new IllegalStateException("The Redis event store is stopping", e));
    }
    return done;
  }

  private void store(List<Pending> batch, CompletableFuture<Committed> done) {
    if (unreachableTooLong()) {
      done.completeExceptionally(new IllegalStateException(
          "Redis has been unreachable for longer than redis.timeout (" + settings.timeout() + ")"));
      return;
    }
    List<ChannelEvent> events = new ArrayList<>(batch.size());
    try {
      for (Pending p : batch) {
        Appended a = channels.append(p.header().id(), p.channels(), p.header().encode(),
            new String(p.data(), StandardCharsets.UTF_8),
            p.work() == null ? null : new String(p.work(), StandardCharsets.UTF_8));
        for (StreamPosition at : a.positions()) {
          events.add(RedisEvents.event(at, p.header(), p.data()));
        }
      }
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    done.complete(new Committed(++commits, List.copyOf(events)));
  }

  /**
   * A short Redis outage is absorbed: the first append waits for the reconnect, up to
   * {@code redis.timeout}. Once the outage is longer than that, the queued appends fail at once
   * instead of each waiting its own timeout in turn (which would keep the queue for hours).
   */
  private boolean unreachableTooLong() {
    if (connections.open()) {
      downSince = 0;
      return false;
    }
    long now = clock.millis();
    if (downSince == 0) {
      downSince = now;
    }
    return now - downSince > settings.timeout().toMillis();
  }

  @Override
  public ChannelPosition position(String channel) {
    ChannelPage page = channels.read(channel, 0, 0);
    return new ChannelPosition(page.epoch(), page.top());
  }

  @Override
  public Replay readAfter(String channel, String epoch, long offset) {
    ChannelPage page = channels.read(channel, offset, (int) Math.min(maxReplay, Integer.MAX_VALUE));
    ChannelPosition now = new ChannelPosition(page.epoch(), page.top());
    if (!complete(page, epoch, offset, maxReplay)) {
      return new Replay(false, now, List.of());
    }
    return new Replay(true, now, RedisEvents.events(channel, page));
  }

  @Override
  public ReplayPlan planReplay(String channel, String epoch, long offset, int maxEvents, long maxBytes) {
    long bound = Math.min(maxReplay, Math.max(0, maxEvents));
    ChannelPage page = channels.read(channel, offset, (int) bound);
    ChannelPosition now = new ChannelPosition(page.epoch(), page.top());
    if (!complete(page, epoch, offset, bound)) {
      return ReplayPlan.notRecovered(now);
    }
    long bytes = RedisEvents.envelopeBytes(channel, page.events());
    if (bytes > maxBytes) {
      return ReplayPlan.notRecovered(now);
    }
    return new ReplayPlan(true, now, offset, page.top(), bytes);
  }

  @Override
  public List<ChannelEvent> readPage(String channel, String epoch, long after, long upTo, int maxEvents,
      long maxBytes) {
    if (upTo <= after || maxEvents <= 0) {
      return List.of();
    }
    ChannelPage page = channels.read(channel, after, (int) Math.min(maxEvents, upTo - after));
    if (!page.epoch().equals(epoch)) {
      // The channel was reset meanwhile: none of its entries belong to the replay (the caller
      // sees the offsets do not follow on and ends the replay).
      return List.of();
    }
    List<ChannelEvent> out = new ArrayList<>(page.events().size());
    long bytes = 0;
    for (ChannelEvent e : RedisEvents.events(channel, page)) {
      if (e.offset() > upTo || bytes >= maxBytes) {
        break;
      }
      out.add(e);
      bytes += e.envelope().length;
    }
    return out;
  }

  /**
   * Whether {@code page} holds the whole gap after {@code offset} of {@code epoch}: same epoch, at
   * most {@code bound} events missing, all of them still in the stream (IDs are the offsets, so
   * the count and the first offset prove there is no hole) and none older than the age bound.
   */
  private boolean complete(ChannelPage page, String epoch, long offset, long bound) {
    long missing = page.top() - offset;
    if (epoch == null || offset < 0 || missing > bound || !page.continues(epoch, offset)) {
      return false;
    }
    if (missing == 0) {
      return true;
    }
    if (page.events().size() != missing) {
      return false;
    }
    long oldest = EventHeader.decode(page.events().get(0).header()).timestamp();
    return oldest >= clock.millis() - maxAge.toMillis();
  }

  /**
   * Forgets the deleted repository's own channels: each starts again in a new epoch at its next
   * event. Its events on the organisation's channel stay until trimmed (the SQLite log removes
   * them); delivery re-checks read access per event, so they reach only who may read the name.
   */
  @Override
  public CompletableFuture<Integer> forgetRepository(String owner, String name) {
    ExecutorService ex = appender;
    if (ex == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("The Redis event store is not running"));
    }
    return CompletableFuture.supplyAsync(() -> {
      String repo = "repo:" + owner + "/" + name;
      for (String channel : List.of(repo, repo + "/prs", repo + "/issues")) {
        channels.forget(channel);
      }
      log.info("Forgot the Redis history of deleted repository {}/{}", owner, name);
      return 0;
    }, ex);
  }
}
