package dev.tidings.plugin.notify.route;

import dev.tidings.plugin.lifecycle.Workers;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.pipeline.CommittedEventListener;
import dev.tidings.plugin.log.EventJournal;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link NotificationRouter} from the log's durable journal instead of memory: one thread
 * reads the committed events after the router's checkpoint, page by page and in commit order, and
 * routes them one by one; a live commit only wakes it. So catching up after a restart (or a kill -9)
 * and live events are the same path: nothing is reordered, nothing between the two is lost.
 *
 * <p>The checkpoint (table {@code notify_checkpoint}) is written in the same transaction as each
 * event's threads, so an event is routed exactly once as far as the database is concerned. Events
 * that write nothing move the checkpoint in one write per page. On stop the thread finishes the
 * event in hand for up to {@code notify.shutdown.drainTimeout} (default 10 s); whatever is left
 * waits in the journal for the next start. Events that journal retention removed before the router
 * read them are logged and counted ({@code tidings_notifications_events_missed_total}).
 */
@Singleton
public final class NotificationFeed implements Managed, CommittedEventListener {

  private static final Logger log = LoggerFactory.getLogger(NotificationFeed.class);
  /** The router's row in {@code notify_checkpoint} unless {@code notify.feed.consumer} names another. */
  static final String CONSUMER = "notification-router";

  private final EventJournal journal;
  private final NotificationRouter router;
  private final Database db;
  private final Database logDb;
  /**
   * This router's checkpoint row. Positions are positions of this node's own journal, so nodes
   * that share one notification database (PostgreSQL) need a name each.
   */
  private final String consumer;
  private final NotifyMetrics metrics;
  private final int pageSize;
  private final Duration drainTimeout;
  private final Duration idlePoll;

  private final Object signal = new Object();
  private boolean woken; // guarded by signal
  private volatile boolean stopping;
  private volatile Thread thread;
  /** The last position finished (feed thread only). */
  private long done;
  /** The last position known to be on disk (feed thread only). */
  private long saved;
  private String doneEventId = "";
  private final RoutingAttempts attempts;
  private volatile long position;

  public NotificationFeed(EventJournal journal, NotificationRouter router, @Notifications Database db, NotifyMetrics metrics,
      TidingsConfig config) {
    this(journal, router, db, db, metrics, config);
  }

  /**
   * With {@code logDb}, the log's database, when the notification tables live elsewhere
   * ({@code store=postgresql}): the first start there goes on from the checkpoint routing had
   * reached in the log's file, so switching stores does not notify the retained journal again.
   */
  @Inject
  public NotificationFeed(EventJournal journal, NotificationRouter router, @Notifications Database db, Database logDb,
      NotifyMetrics metrics, TidingsConfig config) {
    this.logDb = logDb;
    this.consumer = config.getString("notify.feed.consumer", CONSUMER);
    this.journal = journal;
    this.router = router;
    this.db = db;
    this.metrics = metrics;
    this.attempts = new RoutingAttempts(log, metrics, millis -> {
      pause(millis);
      return !stopping;
    });
    this.pageSize = Math.max(1, config.getInt("notify.feed.pageSize", 100));
    this.drainTimeout = config.getDuration("notify.shutdown.drainTimeout", Duration.ofSeconds(10));
    this.idlePoll = config.getDuration("notify.feed.pollInterval", Duration.ofSeconds(1));
    if (drainTimeout.isNegative() || idlePoll.isZero() || idlePoll.isNegative()) {
      throw new IllegalArgumentException("notify.shutdown.drainTimeout must not be negative and "
          + "notify.feed.pollInterval must be positive");
    }
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public synchronized void start() throws SQLException {
    done = saved = loadOrSeed();
    position = done;
    long latest = journal.latest();
    if (latest > done) {
      log.info("Notification router resumes after journal position {}: {} event(s) to catch up", done, latest - done);
    }
    stopping = false;
    thread = Workers.thread("notify-router", this::run);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    Thread t = thread;
    if (t == null) {
      return;
    }
    stopping = true;
    wake();
    t.join(Math.max(1, drainTimeout.toMillis()));
    if (t.isAlive()) {
      log.warn("Notification router did not finish its event within {}; it resumes from journal position {} "
          + "at the next start", drainTimeout, position);
      t.interrupt();
      t.join(5_000);
    }
    thread = null;
  }

  /** A live commit: the event is in the journal already, so just wake the reader. */
  @Override
  public void onCommitted(TidingsEvent event) {
    wake();
  }

  /** The journal position of the last event the router finished (tests, logs). */
  public long position() {
    return position;
  }

  /** Whether routing waits for an unreachable notification database (health, tests). */
  public boolean waitingForDatabase() {
    return attempts.waitingForDatabase();
  }

  private void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void run() {
    try {
      while (!stopping) {
        List<EventJournal.Entry> page;
        try {
          page = journal.after(done, pageSize);
        } catch (SQLException e) {
          log.error("Reading the event journal after {} failed; retrying", done, e);
          idle();
          continue;
        }
        if (page.isEmpty()) {
          saveIfBehind();
          idle();
          continue;
        }
        long first = page.get(0).position();
        if (first > done + 1) {
          long lost = first - done - 1;
          log.warn("Notification router was {} event(s) behind journal retention (positions {}..{} are gone): "
              + "those events got no notifications", lost, done + 1, first - 1);
          metrics.missed(lost);
        }
        for (EventJournal.Entry e : page) {
          if (stopping) {
            // Durable: what is left waits in the journal for the next start.
            break;
          }
          routeOne(e);
        }
        saveIfBehind();
      }
      saveIfBehind();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | SQLException e) {
      log.error("Notification router stopped at journal position {}; it resumes there at the next start", done, e);
    }
  }

  /** Routes one event with retries ({@link RoutingAttempts}). */
  private void routeOne(EventJournal.Entry e) throws InterruptedException, SQLException {
    TidingsEvent event = e.event();
    Mark mark = new Mark(consumer, e.position(), event.id());
    String where = "journal position " + e.position();
    boolean finished = attempts.route(event, where, () -> router.route(event, mark), () -> {
      // A write that timed out may still have committed, checkpoint included: never route twice.
      if (savedPosition() >= e.position()) {
        saved = e.position();
        return true;
      }
      return false;
    });
    if (!finished) {
      return; // stopping while the database is away: not done, the next start routes it
    }
    done = e.position();
    doneEventId = event.id() == null ? "" : event.id();
    position = done;
    if (mark.written()) {
      saved = done;
    }
    metrics.routed();
  }

  /** Writes the checkpoint for events that wrote nothing themselves. */
  private void saveIfBehind() throws InterruptedException {
    if (done <= saved) {
      return;
    }
    long p = done;
    String id = doneEventId;
    try {
      db.write(c -> {
        save(c, consumer, p, id);
        return null;
      }).get(60, TimeUnit.SECONDS);
      saved = p;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Harmless: those events wrote nothing, so routing them again after a crash changes nothing.
      log.warn("Saving the notification checkpoint {} failed: {}", p, e.toString());
    }
  }

  /** Waits {@code millis}, or less when stopping. */
  private void pause(long millis) throws InterruptedException {
    synchronized (signal) {
      if (!stopping) {
        signal.wait(millis);
      }
    }
  }

  private void idle() throws InterruptedException {
    synchronized (signal) {
      if (!woken && !stopping) {
        signal.wait(idlePoll.toMillis());
      }
      woken = false;
    }
  }

  /** The checkpoint on disk, after every write queued before this call has committed. */
  private long savedPosition() throws InterruptedException {
    try {
      db.write(c -> null).get(60, TimeUnit.SECONDS);
      return load();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | SQLException e) {
      return -1;
    }
  }

  /** The checkpoint; on a notification database without one, where routing had got in the log's database. */
  private long loadOrSeed() throws SQLException {
    if (logDb != db && checkpoint(db, consumer) < 0) {
      long before = Math.max(0, Math.max(checkpoint(logDb, consumer), checkpoint(logDb, CONSUMER)));
      if (before > 0) {
        log.info("First start on this notification database: routing goes on after journal position {}, where it "
            + "stopped in the local database (earlier threads stay there, they are not copied)", before);
      }
      return before;
    }
    return load();
  }

  private long load() throws SQLException {
    return Math.max(0, checkpoint(db, consumer));
  }

  /** The checkpoint of {@code name} in {@code database}, -1 when it has none. */
  private static long checkpoint(Database database, String name) throws SQLException {
    return database.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT position FROM notify_checkpoint WHERE consumer = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : -1L;
        }
      }
    });
  }

  static void save(Connection c, String consumer, long position, String eventId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO notify_checkpoint (consumer, position, event_id, updated_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, event_id = excluded.event_id, "
            + "updated_at = excluded.updated_at WHERE excluded.position > notify_checkpoint.position")) {
      ps.setString(1, consumer);
      ps.setLong(2, position);
      ps.setString(3, eventId == null ? "" : eventId);
      ps.setLong(4, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  /** The checkpoint of one event, written by the router inside the event's transaction. */
  private static final class Mark implements RoutingCheckpoint {
    private final String consumer;
    private final long position;
    private final String eventId;
    private volatile boolean written;

    Mark(String consumer, long position, String eventId) {
      this.consumer = consumer;
      this.position = position;
      this.eventId = eventId;
    }

    @Override
    public void write(Connection c) throws SQLException {
      save(c, consumer, position, eventId);
      written = true;
    }

    @Override
    public boolean written() {
      return written;
    }
  }
}
