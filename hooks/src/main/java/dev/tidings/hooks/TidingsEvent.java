package dev.tidings.hooks;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.Map;
import java.util.Set;

/**
 * One thing that happened in a repository, built once on the thread that saw it and never changed:
 * {@code type} is the wire event name ({@code push}, {@code pr.opened}, ...), {@code data} the
 * JSON-ready payload (maps, lists, strings, numbers, booleans), {@code mentions} the logins of
 * existing users mentioned with {@code @name}, {@code subject} what a notification thread is about.
 */
public record TidingsEvent(
    String id, String type, RepoRef repository, UserRef actor, long timestamp,
    Map<String, Object> data, Set<String> mentions, Subject subject) {

  /** What a notification about this event is about (one thread per user and subject key). */
  public record Subject(
      Kind kind, String key, long number, String title, String state, String htmlUrl,
      String latestCommentHtmlUrl) {

    /** The kinds of subject, as in Gitea's NotifySubjectType plus pushes per branch. */
    public enum Kind { ISSUE, PULL, PUSH, COMMIT, REPOSITORY }
  }
}
