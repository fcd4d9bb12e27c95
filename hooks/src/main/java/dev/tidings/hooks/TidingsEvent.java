package dev.tidings.hooks;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.Map;
import java.util.Set;

/**
 * One thing that happened in a repository, built once on the thread that saw it and never changed:
 * {@code type} gives the wire event name, {@code data} the JSON-ready payload sent to subscribers
 * (maps, lists, strings, numbers, booleans), {@code audience} the users it names (typed, for
 * notifications: nobody parses {@code data} for them), {@code subject} what a notification thread
 * is about.
 */
public record TidingsEvent(
    String id, EventType type, RepoRef repository, UserRef actor, long timestamp,
    Map<String, Object> data, Audience audience, Subject subject) {

  /** Never a null audience. */
  public TidingsEvent {
    audience = audience == null ? Audience.NONE : audience;
  }

  /** The logins of existing users the event's text mentions ({@code audience().mentioned()}). */
  public Set<String> mentions() {
    return audience.mentioned();
  }

  /** The same event with other data (e.g. shrunk to a size limit). */
  public TidingsEvent withData(Map<String, Object> newData) {
    return new TidingsEvent(id, type, repository, actor, timestamp, newData, audience, subject);
  }

  /** The same event naming only the mentioned users in {@code kept} (e.g. a mention budget). */
  public TidingsEvent keepingMentions(Set<String> kept) {
    return new TidingsEvent(id, type, repository, actor, timestamp, data, audience.keepingMentions(kept), subject);
  }

  /** What a notification about this event is about (one thread per user and subject key). */
  public record Subject(
      Kind kind, String key, long number, String title, String state, String htmlUrl,
      String latestCommentHtmlUrl) {

    /** The kinds of subject, as in Gitea's NotifySubjectType plus pushes per branch. */
    public enum Kind { ISSUE, PULL, PUSH, COMMIT, REPOSITORY }
  }
}
