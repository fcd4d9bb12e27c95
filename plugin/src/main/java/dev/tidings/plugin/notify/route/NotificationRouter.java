package dev.tidings.plugin.notify.route;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.PluginContext;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.notify.store.ThreadSubject;
import dev.tidings.plugin.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an event becomes notifications: resolves the recipients of each committed event, writes
 * all their threads in one transaction, then publishes each thread on its user's channel. Also
 * applies Gitea's auto-watch (a repository's creator watches it) and forgets deleted repositories.
 *
 * <p>Events come from {@link NotificationFeed}, which reads them from the log's journal and gives
 * each one a {@link Checkpoint} that this class writes in the same transaction as the event's
 * threads (or watch or deletion): an event's effects and "done" commit together or not at all.
 */
@Singleton
public final class NotificationRouter {

  private static final Logger log = LoggerFactory.getLogger(NotificationRouter.class);
  /** Recipients read back and published first, before the chunks of {@link NotificationPublisher#CHUNK}. */
  private static final int FIRST_CHUNK = 100;

  private final Database db;
  private final RecipientResolver resolver;
  private final SubjectMapper subjects;
  private final NotificationPublisher publisher;
  private final ThreadStore threads;
  private final NotifyMetrics metrics;

  /** The measured duration of the last fan-out write, for tests and logs. */
  private volatile long lastWriteNanos;

  @Inject
  public NotificationRouter(Database db, Directory directory, AccessControl access, PreferencesStore preferences,
      ThreadStore threads, NotificationPublisher publisher, PluginContext context, NotifyMetrics metrics) {
    this.db = db;
    this.resolver = new RecipientResolver(directory, access, preferences);
    this.subjects = new SubjectMapper(context.baseUrl());
    this.publisher = publisher;
    this.threads = threads;
    this.metrics = metrics;
  }

  /**
   * Something to write in the same transaction as an event's effects (the feed's checkpoint);
   * {@link #written()} tells afterwards whether a transaction of the event carried it.
   */
  public interface Checkpoint {
    /** Writes the checkpoint with {@code c}, inside the event's transaction (on the writer thread). */
    void write(java.sql.Connection c) throws SQLException;

    /** True once {@link #write} ran in a transaction that committed. */
    boolean written();
  }

  /** Routes one event and returns the threads written (tests use the result). */
  public List<NotificationThread> route(TidingsEvent event) throws Exception {
    return route(event, null);
  }

  /**
   * Routes one event, writing {@code checkpoint} (may be null) with the event's threads, watch or
   * deletion. When the event writes nothing, the checkpoint is not written (the caller saves it).
   */
  public List<NotificationThread> route(TidingsEvent event, Checkpoint checkpoint) throws Exception {
    if (event.repository() == null) {
      return List.of();
    }
    if (event.type() == EventType.REPO_CREATED) {
      autoWatch(event, checkpoint);
      return List.of();
    }
    if (event.type() == EventType.REPO_DELETED) {
      long repoId = event.repository().id();
      db.write(c -> {
        ThreadStore.deleteRepository(c, repoId);
        mark(c, checkpoint);
        return null;
      }).get(60, TimeUnit.SECONDS);
      return List.of();
    }
    EventClass cls = EventClass.of(event.type());
    if (cls == null || event.subject() == null) {
      return List.of();
    }
    long t0 = System.nanoTime();
    Map<ThreadSubject, List<RecipientResolver.Resolved>> plan = new LinkedHashMap<>();
    NotifyMetrics.Skips skips = new NotifyMetrics.Skips();
    ThreadSubject mainSubject = subjects.map(event);
    List<RecipientResolver.Resolved> main = resolver.resolve(event, cls, skips);
    if (cls.target() == EventClass.Target.MENTIONED) {
      main = notMentionedBefore(mainSubject, main);
    }
    if (!main.isEmpty()) {
      plan.put(mainSubject, main);
    }
    if (event.type() == EventType.PUSH) {
      for (RecipientResolver.CommitMention c : resolver.commitMentions(event, skips)) {
        plan.put(subjects.commit(event, c.sha(), c.message()), c.recipients());
      }
    }
    metrics.skipped(skips);
    if (plan.isEmpty()) {
      return List.of();
    }
    // Desktop permission per thread (subject and user): a commit mention may pop up, the push may not.
    Set<String> desktop = new HashSet<>();
    plan.forEach((subject, list) -> list.stream().filter(RecipientResolver.Resolved::desktop)
        .forEach(r -> desktop.add(subject.key() + "\n" + r.recipient().userId())));
    long now = System.currentTimeMillis();
    long start = System.nanoTime();
    // One write for every recipient of the event (all subjects): a push to a repository with
    // 10,000 watchers is one transaction.
    int stored = db.write(c -> {
      int n = 0;
      for (Map.Entry<ThreadSubject, List<RecipientResolver.Resolved>> p : plan.entrySet()) {
        List<Recipient> recipients = p.getValue().stream().map(RecipientResolver.Resolved::recipient).toList();
        n += ThreadStore.upsert(c, p.getKey(), recipients, now);
      }
      // Same transaction: after a crash the event is either routed with its threads or not at all.
      mark(c, checkpoint);
      return n;
    }).get(120, TimeUnit.SECONDS);
    lastWriteNanos = System.nanoTime() - start;
    metrics.stored(stored, lastWriteNanos);
    // Read back after the commit, off the writer thread, and publish as we go: chunk by chunk, so
    // the first users hear about it while the rows of the last ones are still being read.
    List<NotificationThread> written = new ArrayList<>();
    long readNanos = 0;
    long publishNanos = 0;
    for (Map.Entry<ThreadSubject, List<RecipientResolver.Resolved>> p : plan.entrySet()) {
      List<Long> userIds = p.getValue().stream().map(r -> r.recipient().userId()).toList();
      // A small first chunk: its users are told after 100 rows are read and serialised, not 1,000.
      for (int from = 0, size = FIRST_CHUNK; from < userIds.size(); from += size, size = NotificationPublisher.CHUNK) {
        long r0 = System.nanoTime();
        List<Long> chunk = userIds.subList(from, Math.min(userIds.size(), from + size));
        List<NotificationThread> rows = threads.threads(p.getKey().key(), chunk);
        Map<Long, Long> unread = threads.unreadCounts(chunk);
        long r1 = System.nanoTime();
        publisher.threads(rows, unread, t -> desktop.contains(t.subjectKey() + "\n" + t.userId()));
        publishNanos += System.nanoTime() - r1;
        readNanos += r1 - r0;
        written.addAll(rows);
      }
    }
    if (written.size() > 100) {
      log.info("Notifications for {} on {}: {} threads; resolve {} ms, write {} ms (one transaction), "
          + "read back + counts {} ms, publish {} ms (in chunks of {})", event.type(), event.repository().fullName(),
          written.size(), ms(start - t0), ms(lastWriteNanos), ms(readNanos), ms(publishNanos),
          NotificationPublisher.CHUNK);
    }
    return written;
  }

  /** Drops recipients whose thread on {@code subject} already has the mention reason (an edit told them before). */
  private List<RecipientResolver.Resolved> notMentionedBefore(ThreadSubject subject,
      List<RecipientResolver.Resolved> candidates) throws SQLException {
    if (candidates.isEmpty()) {
      return candidates;
    }
    List<Long> ids = candidates.stream().map(r -> r.recipient().userId()).toList();
    Set<Long> told = new HashSet<>();
    for (NotificationThread t : threads.threads(subject.key(), ids)) {
      if (t.reason() == Reason.MENTION) {
        told.add(t.userId());
      }
    }
    return candidates.stream().filter(r -> !told.contains(r.recipient().userId())).toList();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** Nanoseconds the last fan-out write took from queueing to commit. */
  public long lastWriteNanos() {
    return lastWriteNanos;
  }

  private void autoWatch(TidingsEvent event, Checkpoint checkpoint) throws Exception {
    if (event.actor() == null) {
      return;
    }
    long userId = event.actor().id();
    String login = event.actor().login();
    var r = event.repository();
    db.write(c -> {
      PreferencesStore.setWatch(c, userId, login, r.id(), r.owner(), r.name(), WatchLevel.WATCHING,
          Set.of(), System.currentTimeMillis());
      mark(c, checkpoint);
      return null;
    }).get(60, TimeUnit.SECONDS);
  }

  private static void mark(java.sql.Connection c, Checkpoint checkpoint) throws SQLException {
    if (checkpoint != null) {
      checkpoint.write(c);
    }
  }
}
