package dev.tidings.plugin.notify.route;

import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.ProcessedEvents;
import dev.tidings.plugin.notify.store.Recipient;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.notify.store.ThreadSubject;
import dev.tidings.plugin.notify.store.ThreadTx;
import dev.tidings.plugin.notify.store.ThreadWriteListener;
import dev.tidings.plugin.store.Database;
import dev.tidings.plugin.store.Notifications;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a planned event's threads and tells their users: every recipient of every subject in one
 * transaction (with the event's checkpoint), then, after the commit and off the writer thread,
 * reads the rows back and publishes them on the {@code user:} channels chunk by chunk, so the first
 * users hear about it while the rows of the last ones are still being read.
 */
@Singleton
final class ThreadFanOut {

  private static final Logger log = LoggerFactory.getLogger(ThreadFanOut.class);
  /** Recipients read back and published first, before the chunks of {@link NotificationPublisher#CHUNK}. */
  private static final int FIRST_CHUNK = 100;

  private final Database db;
  private final ThreadStore threads;
  private final NotificationPublisher publisher;
  private final NotifyMetrics metrics;
  private final Set<ThreadWriteListener> listeners;

  @Inject
  ThreadFanOut(@Notifications Database db, ThreadStore threads, NotificationPublisher publisher, NotifyMetrics metrics,
      Set<ThreadWriteListener> listeners) {
    this.db = db;
    this.listeners = listeners;
    this.threads = threads;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /** Writes and publishes {@code plan}; returns the threads as written. */
  List<NotificationThread> write(TidingsEvent event, Map<ThreadSubject, List<RecipientFilter.Resolved>> plan,
      RoutingCheckpoint checkpoint, long planNanos) throws Exception {
    // Desktop permission per thread (subject and user): a commit mention may pop up, the push may not.
    Set<String> desktop = new HashSet<>();
    plan.forEach((subject, list) -> list.stream().filter(RecipientFilter.Resolved::desktop)
        .forEach(r -> desktop.add(subject.key() + "\n" + r.recipient().userId())));
    long now = System.currentTimeMillis();
    long start = System.nanoTime();
    // One write for every recipient of the event (all subjects): a push to a repository with
    // 10,000 watchers is one transaction.
    int stored = db.write(c -> {
      // Processed before (by this node before a crash, or by another): only the checkpoint moves.
      if (event.id() != null && !ProcessedEvents.claim(c, event.id(), now)) {
        RoutingCheckpoint.mark(c, checkpoint);
        return -1;
      }
      int n = 0;
      for (Map.Entry<ThreadSubject, List<RecipientFilter.Resolved>> p : plan.entrySet()) {
        List<Recipient> recipients = p.getValue().stream().map(RecipientFilter.Resolved::recipient).toList();
        n += ThreadTx.upsert(c, p.getKey(), recipients, now);
        for (ThreadWriteListener l : listeners) {
          l.written(c, event.id(), p.getKey(), recipients, now);
        }
      }
      // Same transaction: after a crash the event is either routed with its threads or not at all.
      RoutingCheckpoint.mark(c, checkpoint);
      return n;
    }).get(120, TimeUnit.SECONDS);
    long writeNanos = System.nanoTime() - start;
    if (stored < 0) {
      log.info("Notifications for {} {} were written before; not again", event.type(), event.id());
      return List.of();
    }
    metrics.stored(stored, writeNanos);
    List<NotificationThread> written = new ArrayList<>();
    long readNanos = 0;
    long publishNanos = 0;
    for (Map.Entry<ThreadSubject, List<RecipientFilter.Resolved>> p : plan.entrySet()) {
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
          written.size(), ms(planNanos), ms(writeNanos), ms(readNanos), ms(publishNanos), NotificationPublisher.CHUNK);
    }
    return written;
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
