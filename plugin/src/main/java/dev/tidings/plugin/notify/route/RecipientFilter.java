package dev.tidings.plugin.notify.route;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.notify.NotifyMetrics.Skip;
import dev.tidings.plugin.notify.NotifyMetrics.Skips;
import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.prefs.EffectiveLevel;
import dev.tidings.plugin.notify.prefs.EventKind;
import dev.tidings.plugin.notify.prefs.Preferences;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.RepoWatch;
import dev.tidings.plugin.notify.store.Recipient;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the users offered a thread who may and want to get it: resolves logins to ids, applies
 * preferences and level gates, the delivery kind's in-app toggle, and read access at this moment.
 */
@Singleton
final class RecipientFilter {

  /** Which level check an offer must pass. */
  enum Gate { WATCH, PARTICIPATE, DIRECT }

  /** Why a user is offered a thread, and the check it must pass. */
  record Offer(Reason reason, Gate gate) {}

  /** One user who passed every check: why, and whether a desktop notification is allowed. */
  record Resolved(Recipient recipient, boolean desktop) {}

  private final Directory directory;
  private final AccessControl access;
  private final PreferencesStore preferences;

  @Inject
  RecipientFilter(Directory directory, AccessControl access, PreferencesStore preferences) {
    this.directory = directory;
    this.access = access;
    this.preferences = preferences;
  }

  /**
   * The offered users who get a thread: known users, not the actor (unless they want their own
   * actions), whose level passes an offer's gate, who want this kind in the inbox, and who can read
   * the repository now; each with their strongest reason. Users left out are tallied in {@code skips}.
   */
  List<Resolved> filter(TidingsEvent e, EventClass cls, Map<String, List<Offer>> offers,
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
}
