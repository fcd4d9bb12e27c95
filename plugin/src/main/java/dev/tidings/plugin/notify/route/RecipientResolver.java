package dev.tidings.plugin.notify.route;

import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.Audience;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.NotifyMetrics.Skip;
import dev.tidings.plugin.notify.NotifyMetrics.Skips;
import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.prefs.EffectiveLevel;
import dev.tidings.plugin.notify.prefs.EventKind;
import dev.tidings.plugin.notify.prefs.Preferences;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.RepoWatch;
import dev.tidings.plugin.notify.prefs.ThreadSubscription;
import dev.tidings.plugin.notify.prefs.ThreadSubscriptionStore;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.Recipient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is offered a thread for one event and why, from the event's typed audience and the host:
 * participants, mentioned users, assignees, reviewers and watchers (Gitea's rules, GitHub's
 * reasons); {@link RecipientFilter} then keeps those who pass their level, preferences and access.
 */
@Singleton
final class RecipientResolver {

  /** A pushed commit whose message mentions users, and those of them who get a Commit thread. */
  record CommitMention(String sha, String message, List<RecipientFilter.Resolved> recipients) {}

  private final Directory directory;
  private final PreferencesStore preferences;
  private final RecipientFilter filter;
  private final ThreadSubscriptionStore subscriptions;

  @Inject
  RecipientResolver(Directory directory, PreferencesStore preferences, RecipientFilter filter,
      ThreadSubscriptionStore subscriptions) {
    this.directory = directory;
    this.preferences = preferences;
    this.filter = filter;
    this.subscriptions = subscriptions;
  }

  /** Recipients of {@code e}'s own subject; users left out are tallied in {@code skips}. */
  List<RecipientFilter.Resolved> resolve(TidingsEvent e, EventClass cls, Skips skips) throws SQLException {
    RepoRef repo = e.repository();
    Map<String, List<RecipientFilter.Offer>> offers = new LinkedHashMap<>();
    Map<String, Long> ids = new HashMap<>();
    Map<Long, RepoWatch> overrides = new HashMap<>();
    for (RepoWatch w : preferences.watchesOf(repo.id())) {
      overrides.put(w.userId(), w);
    }
    Map<Long, Preferences> prefs = new HashMap<>();

    if (cls.target() == EventClass.Target.ASSIGNEES) {
      for (String login : e.audience().assignees()) {
        offer(offers, login, Reason.ASSIGN, RecipientFilter.Gate.PARTICIPATE);
      }
    } else if (cls.target() == EventClass.Target.REVIEWERS) {
      for (String login : e.audience().reviewers()) {
        offer(offers, login, Reason.REVIEW_REQUESTED, RecipientFilter.Gate.DIRECT);
      }
    } else if (cls.target() == EventClass.Target.MENTIONED) {
      // Everyone the edited text mentions; the router drops those already told by a mention.
      e.audience().mentioned().forEach(l -> offer(offers, l, Reason.MENTION, RecipientFilter.Gate.DIRECT));
    } else {
      TidingsEvent.Subject s = e.subject();
      if (s.kind() == TidingsEvent.Subject.Kind.ISSUE || s.kind() == TidingsEvent.Subject.Kind.PULL) {
        Optional<Directory.Participants> p = directory.participants(repo.owner(), repo.name(), s.number());
        if (p.isPresent()) {
          Directory.Participants pp = p.get();
          offer(offers, pp.author(), Reason.AUTHOR, RecipientFilter.Gate.PARTICIPATE);
          pp.assignees().forEach(l -> offer(offers, l, Reason.ASSIGN, RecipientFilter.Gate.PARTICIPATE));
          pp.requestedReviewers().forEach(l -> offer(offers, l, Reason.REVIEW_REQUESTED, RecipientFilter.Gate.PARTICIPATE));
          pp.commenters().forEach(l -> offer(offers, l, Reason.COMMENT, RecipientFilter.Gate.PARTICIPATE));
        }
      }
      if (s.kind() != TidingsEvent.Subject.Kind.PUSH) {
        // In a push, mentions belong to the commits that carry them (Commit threads), not to the push.
        e.audience().mentioned().forEach(l -> offer(offers, l, Reason.MENTION, RecipientFilter.Gate.DIRECT));
      }
      // Watchers: explicit overrides first, then users whose default makes them watch everything.
      for (RepoWatch w : overrides.values()) {
        if (w.level() == WatchLevel.WATCHING || w.level() == WatchLevel.CUSTOM) {
          ids.put(w.login(), w.userId());
          offer(offers, w.login(), cls.watcherReason(), RecipientFilter.Gate.WATCH);
        }
      }
      for (PreferencesStore.DefaultWatcher d : preferences.defaultWatchers()) {
        prefs.put(d.userId(), d.preferences());
        if (!overrides.containsKey(d.userId())) {
          ids.put(d.login(), d.userId());
          offer(offers, d.login(), cls.watcherReason(), RecipientFilter.Gate.WATCH);
        }
      }
    }
    applySubscriptions(e, cls, offers, ids, skips);
    return filter.filter(e, cls, offers, ids, overrides, prefs, skips);
  }

  /**
   * Per-issue choices: a muted user is offered nothing from this issue or pull request at all, also
   * not a mention, assignment or review request (Gitea's explicit unwatch); a subscribed user is
   * offered its activity ({@code manual}) whatever their repository level, except {@code ignore},
   * and only for the events that reach watchers (an assignment still goes to the assignee only).
   */
  private void applySubscriptions(TidingsEvent e, EventClass cls, Map<String, List<RecipientFilter.Offer>> offers,
      Map<String, Long> ids, Skips skips) throws SQLException {
    TidingsEvent.Subject s = e.subject();
    if (s.kind() != TidingsEvent.Subject.Kind.ISSUE && s.kind() != TidingsEvent.Subject.Kind.PULL) {
      return;
    }
    for (ThreadSubscription sub : subscriptions.of(e.repository().id(), s.number())) {
      if (sub.state() == ThreadSubscription.State.MUTED) {
        // Offers are keyed by the login as the event or the host spelled it.
        if (offers.keySet().removeIf(login -> login.equalsIgnoreCase(sub.login()))) {
          skips.add(Skip.PREFERENCE);
        }
      } else if (cls.target() == EventClass.Target.EVERYONE) {
        String login = offers.keySet().stream().filter(l -> l.equalsIgnoreCase(sub.login())).findFirst()
            .orElse(sub.login());
        ids.putIfAbsent(login, sub.userId());
        offer(offers, login, Reason.MANUAL, RecipientFilter.Gate.DIRECT);
      }
    }
  }

  /** Recipients of Commit threads: each mentioned user who can read the code, per mentioning commit. */
  List<CommitMention> commitMentions(TidingsEvent e, Skips skips) throws SQLException {
    List<CommitMention> out = new ArrayList<>();
    if (e.audience().commits().isEmpty()) {
      return out;
    }
    Map<Long, RepoWatch> overrides = new HashMap<>();
    for (RepoWatch w : preferences.watchesOf(e.repository().id())) {
      overrides.put(w.userId(), w);
    }
    EventClass cls = new EventClass(EventKind.MENTIONS, Reason.MENTION, EventClass.Target.EVERYONE);
    for (Audience.CommitMention c : e.audience().commits()) {
      Map<String, List<RecipientFilter.Offer>> offers = new LinkedHashMap<>();
      c.mentioned().forEach(login -> offer(offers, login, Reason.MENTION, RecipientFilter.Gate.DIRECT));
      if (!offers.isEmpty()) {
        List<RecipientFilter.Resolved> r = filter.filter(e, cls, offers, new HashMap<>(), overrides, new HashMap<>(), skips);
        if (!r.isEmpty()) {
          out.add(new CommitMention(c.sha(), c.message(), r));
        }
      }
    }
    return out;
  }

  private static void offer(Map<String, List<RecipientFilter.Offer>> offers, String login, Reason reason,
      RecipientFilter.Gate gate) {
    if (login == null || login.isBlank()) {
      return;
    }
    offers.computeIfAbsent(login, k -> new ArrayList<>(2)).add(new RecipientFilter.Offer(reason, gate));
  }
}
