package dev.tidings.plugin.notify.route;

import dev.samplehost.api.PluginContext;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.NotifyMetrics;
import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.notify.store.ThreadSubject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans one event's notifications: the thread subject of the event (and, for a push, one per
 * mentioning commit), each with the recipients who get a thread on it, in order. Reads only.
 */
@Singleton
final class NotificationPlanner {

  private final RecipientResolver resolver;
  private final ThreadStore threads;
  private final NotifyMetrics metrics;
  private final SubjectMapper subjects;

  @Inject
  NotificationPlanner(RecipientResolver resolver, ThreadStore threads, NotifyMetrics metrics, PluginContext context) {
    this.resolver = resolver;
    this.threads = threads;
    this.metrics = metrics;
    this.subjects = new SubjectMapper(context.baseUrl());
  }

  /** Subject to recipients, in order; empty when the event notifies nobody. */
  Map<ThreadSubject, List<RecipientFilter.Resolved>> plan(TidingsEvent event) throws SQLException {
    EventClass cls = EventClass.of(event.type());
    if (cls == null || event.subject() == null) {
      return Map.of();
    }
    Map<ThreadSubject, List<RecipientFilter.Resolved>> plan = new LinkedHashMap<>();
    NotifyMetrics.Skips skips = new NotifyMetrics.Skips();
    ThreadSubject mainSubject = subjects.map(event);
    List<RecipientFilter.Resolved> main = resolver.resolve(event, cls, skips);
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
    return plan;
  }

  /** Drops recipients whose thread on {@code subject} already has the mention reason (an edit told them before). */
  private List<RecipientFilter.Resolved> notMentionedBefore(ThreadSubject subject,
      List<RecipientFilter.Resolved> candidates) throws SQLException {
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
}
