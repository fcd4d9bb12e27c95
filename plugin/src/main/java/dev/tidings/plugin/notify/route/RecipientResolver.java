package dev.tidings.plugin.notify.route;

import dev.samplehost.api.AccessControl;
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
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.Recipient;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides who gets a thread for one event and why: participants, mentioned users and watchers by
 * their effective level (Gitea's rules, GitHub's reasons), minus the actor (unless they asked for
 * their own actions), minus anyone who cannot read the repository now, minus kinds a user keeps
 * out of their inbox.
 */
final class RecipientResolver {

  /** Which level check an offer must pass. */
  private enum Gate { WATCH, PARTICIPATE, DIRECT }

  private record Offer(Reason reason, Gate gate) {}

  /** One user who passed every check: why, and whether a desktop notification is allowed. */
  record Resolved(Recipient recipient, boolean desktop) {}

  /** A pushed commit whose message mentions users, and those of them who get a Commit thread. */
  record CommitMention(String sha, String message, List<Resolved> recipients) {}

  private final Directory directory;
  private final AccessControl access;
  private final PreferencesStore preferences;

  RecipientResolver(Directory directory, AccessControl access, PreferencesStore preferences) {
    this.directory = directory;
    this.access = access;
    this.preferences = preferences;
  }

  /** Recipients of {@code e}'s own subject; users left out are tallied in {@code skips}. */
  List<Resolved> resolve(TidingsEvent e, EventClass cls, Skips skips) throws SQLException {
    RepoRef repo = e.repository();
    Map<String, List<Offer>> offers = new LinkedHashMap<>();
    Map<String, Long> ids = new HashMap<>();
    Map<Long, RepoWatch> overrides = new HashMap<>();
    for (RepoWatch w : preferences.watchesOf(repo.id())) {
      overrides.put(w.userId(), w);
    }
    Map<Long, Preferences> prefs = new HashMap<>();

    if (cls.target() == EventClass.Target.ASSIGNEES) {
      for (String login : e.audience().assignees()) {
        offer(offers, login, Reason.ASSIGN, Gate.PARTICIPATE);
      }
    } else if (cls.target() == EventClass.Target.REVIEWERS) {
      for (String login : e.audience().reviewers()) {
        offer(offers, login, Reason.REVIEW_REQUESTED, Gate.DIRECT);
      }
    } else if (cls.target() == EventClass.Target.MENTIONED) {
      // Everyone the edited text mentions; the router drops those already told by a mention.
      e.audience().mentioned().forEach(l -> offer(offers, l, Reason.MENTION, Gate.DIRECT));
    } else {
      TidingsEvent.Subject s = e.subject();
      if (s.kind() == TidingsEvent.Subject.Kind.ISSUE || s.kind() == TidingsEvent.Subject.Kind.PULL) {
        Optional<Directory.Participants> p = directory.participants(repo.owner(), repo.name(), s.number());
        if (p.isPresent()) {
          Directory.Participants pp = p.get();
          offer(offers, pp.author(), Reason.AUTHOR, Gate.PARTICIPATE);
          pp.assignees().forEach(l -> offer(offers, l, Reason.ASSIGN, Gate.PARTICIPATE));
          pp.requestedReviewers().forEach(l -> offer(offers, l, Reason.REVIEW_REQUESTED, Gate.PARTICIPATE));
          pp.commenters().forEach(l -> offer(offers, l, Reason.COMMENT, Gate.PARTICIPATE));
        }
      }
      if (s.kind() != TidingsEvent.Subject.Kind.PUSH) {
        // In a push, mentions belong to the commits that carry them (Commit threads), not to the push.
        e.audience().mentioned().forEach(l -> offer(offers, l, Reason.MENTION, Gate.DIRECT));
      }
      // Watchers: explicit overrides first, then users whose default makes them watch everything.
      for (RepoWatch w : overrides.values()) {
        if (w.level() == WatchLevel.WATCHING || w.level() == WatchLevel.CUSTOM) {
          ids.put(w.login(), w.userId());
          offer(offers, w.login(), cls.watcherReason(), Gate.WATCH);
        }
      }
      for (PreferencesStore.DefaultWatcher d : preferences.defaultWatchers()) {
        prefs.put(d.userId(), d.preferences());
        if (!overrides.containsKey(d.userId())) {
          ids.put(d.login(), d.userId());
          offer(offers, d.login(), cls.watcherReason(), Gate.WATCH);
        }
      }
    }
    return filter(e, cls, offers, ids, overrides, prefs, skips);
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
      Map<String, List<Offer>> offers = new LinkedHashMap<>();
      c.mentioned().forEach(login -> offer(offers, login, Reason.MENTION, Gate.DIRECT));
      if (!offers.isEmpty()) {
        List<Resolved> r = filter(e, cls, offers, new HashMap<>(), overrides, new HashMap<>(), skips);
        if (!r.isEmpty()) {
          out.add(new CommitMention(c.sha(), c.message(), r));
        }
      }
    }
    return out;
  }

  private List<Resolved> filter(TidingsEvent e, EventClass cls, Map<String, List<Offer>> offers,
      Map<String, Long> ids, Map<Long, RepoWatch> overrides, Map<Long, Preferences> prefs, Skips skips)
      throws SQLException {
    RepoRef repo = e.repository();
    String actor = e.actor() == null ? null : e.actor().login();
    // Resolve logins the watch tables did not already name to user ids (unknown users drop out).
    Map<String, Long> userIds = new LinkedHashMap<>();
    for (String login : offers.keySet()) {
      Long id = ids.get(login);
      if (id == null) {
        id = directory.user(login).map(UserRef::id).orElse(null);
      }
      if (id != null) {
        userIds.put(login, id);
      }
    }
    List<Long> missing = new ArrayList<>();
    for (Long id : userIds.values()) {
      if (!prefs.containsKey(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      prefs.putAll(preferences.preferences(missing));
    }
    List<Resolved> out = new ArrayList<>();
    for (Map.Entry<String, Long> u : userIds.entrySet()) {
      String login = u.getKey();
      Preferences p = prefs.getOrDefault(u.getValue(), Preferences.defaults());
      if (login.equalsIgnoreCase(actor) && !p.ownActions()) {
        skips.add(Skip.OWN_ACTION);
        continue;
      }
      EffectiveLevel level = PreferencesStore.effective(p, overrides.get(u.getValue()));
      Reason best = null;
      for (Offer o : offers.get(login)) {
        boolean pass = switch (o.gate()) {
          case WATCH -> level.watches(cls.kind());
          case PARTICIPATE -> level.participates();
          case DIRECT -> level.mentions();
        };
        if (pass) {
          best = Reason.stronger(best, o.reason());
        }
      }
      if (best == null) {
        skips.add(Skip.PREFERENCE);
        continue;
      }
      Preferences.Delivery d = p.delivery(deliveryKind(cls, best));
      if (!d.inApp()) {
        skips.add(Skip.PREFERENCE);
        continue;
      }
      // Checked last and per recipient, at this moment: a mention or a stale watch must never
      // reveal a repository the user cannot read.
      if (!access.canRead(login, repo.owner(), repo.name())) {
        skips.add(Skip.NO_ACCESS);
        continue;
      }
      out.add(new Resolved(new Recipient(u.getValue(), login, best), d.desktop()));
    }
    return out;
  }

  /** The kind whose in-app/desktop toggles apply to a notification with this reason. */
  static EventKind deliveryKind(EventClass cls, Reason reason) {
    if (reason == Reason.MENTION) {
      return EventKind.MENTIONS;
    }
    if (cls.target() != EventClass.Target.EVERYONE) {
      return EventKind.ASSIGNMENTS;
    }
    return cls.kind();
  }

  private static void offer(Map<String, List<Offer>> offers, String login, Reason reason, Gate gate) {
    if (login == null || login.isBlank()) {
      return;
    }
    offers.computeIfAbsent(login, k -> new ArrayList<>(2)).add(new Offer(reason, gate));
  }
}
