package dev.tidings.plugin.notify.api;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.prefs.EffectiveLevel;
import dev.tidings.plugin.notify.prefs.EventKind;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.ThreadSubscription;
import dev.tidings.plugin.notify.prefs.ThreadSubscriptionStore;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * What both issue-subscription APIs share: finding a readable issue or pull request (404 otherwise,
 * never revealing a private repository), and telling whether a user hears about it and why.
 */
@Singleton
public final class IssueSubscriptions {

  /** An issue or pull request the caller may read. */
  public record Target(RepoRef repo, long number, Directory.Participants participants) {}

  /**
   * A user's state on one issue: their explicit choice (if any), whether its activity reaches them,
   * and why: {@code manual} (subscribed), {@code muted}, {@code watching} (the repository's level),
   * {@code participating}, {@code ignore} (the repository is ignored), or null (mentions only).
   */
  public record Status(Optional<ThreadSubscription> choice, boolean receiving, String reason) {}

  private final Directory directory;
  private final AccessControl access;
  private final PreferencesStore preferences;
  private final ThreadSubscriptionStore store;

  @Inject
  public IssueSubscriptions(Directory directory, AccessControl access, PreferencesStore preferences,
      ThreadSubscriptionStore store) {
    this.directory = directory;
    this.access = access;
    this.preferences = preferences;
    this.store = store;
  }

  /** The store. */
  public ThreadSubscriptionStore store() {
    return store;
  }

  /** The issue or pull request {@code index} of {@code owner/name} as {@code reader} (null: anonymous) sees it; 404 otherwise. */
  public Target target(String reader, String owner, String name, String index) {
    long number;
    try {
      number = Long.parseLong(index);
    } catch (NumberFormatException e) {
      throw Http.notFound();
    }
    RepoRef r = directory.repository(owner, name).orElseThrow(Http::notFound);
    if (number <= 0 || !access.canRead(reader, r.owner(), r.name())) {
      throw Http.notFound();
    }
    Directory.Participants p = directory.participants(r.owner(), r.name(), number).orElseThrow(Http::notFound);
    return new Target(r, number, p);
  }

  /** {@code user}'s state on {@code t}. */
  public Status status(UserRef user, Target t) throws SQLException {
    Optional<ThreadSubscription> choice = store.get(user.id(), t.repo().id(), t.number());
    EffectiveLevel level = PreferencesStore.effective(preferences.preferences(user.id()),
        preferences.watch(user.id(), t.repo().id()).orElse(null));
    if (choice.isPresent() && choice.get().state() == ThreadSubscription.State.MUTED) {
      return new Status(choice, false, "muted");
    }
    if (level.level() == WatchLevel.IGNORE) {
      return new Status(choice, false, "ignore");
    }
    if (choice.isPresent()) {
      return new Status(choice, true, "manual");
    }
    Set<EventKind> kinds = t.participants().pullRequest()
        ? Set.of(EventKind.PRS, EventKind.COMMENTS, EventKind.REVIEWS) : Set.of(EventKind.ISSUES, EventKind.COMMENTS);
    if (kinds.stream().anyMatch(level::watches)) {
      return new Status(choice, true, "watching");
    }
    if (level.participates() && participates(user.login(), t.participants())) {
      return new Status(choice, true, "participating");
    }
    return new Status(choice, false, null);
  }

  private static boolean participates(String login, Directory.Participants p) {
    return login.equalsIgnoreCase(p.author())
        || p.assignees().stream().anyMatch(login::equalsIgnoreCase)
        || p.requestedReviewers().stream().anyMatch(login::equalsIgnoreCase)
        || p.commenters().stream().anyMatch(login::equalsIgnoreCase);
  }
}
