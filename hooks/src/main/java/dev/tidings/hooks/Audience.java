package dev.tidings.hooks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who an event names, found by the hook that built it, for the notification side: the existing
 * users its text {@code mentioned} with {@code @login}; the {@code assignees} an assignment adds;
 * the {@code reviewers} a review request asks; and, for a push, each listed commit whose message
 * mentions users. The event's actor and subject are fields of the event itself; participants of an
 * issue or pull request (author, commenters, ...) are the host's to tell at routing time.
 */
public record Audience(Set<String> mentioned, List<String> assignees, List<String> reviewers,
    List<CommitMention> commits) {

  /** An event that names nobody. */
  public static final Audience NONE = new Audience(Set.of(), List.of(), List.of(), List.of());

  /** A pushed commit whose message mentions users (its subject line, as in the event's data). */
  public record CommitMention(String sha, String message, List<String> mentioned) {}

  /** Null-free and unmodifiable. */
  public Audience {
    mentioned = mentioned == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(mentioned));
    assignees = assignees == null ? List.of() : List.copyOf(assignees);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    commits = commits == null ? List.of() : List.copyOf(commits);
  }

  /** An audience of the users a text mentions. */
  public static Audience mentioning(Set<String> mentioned) {
    return new Audience(mentioned, List.of(), List.of(), List.of());
  }

  /** The same audience with only the mentions in {@code kept} (in the text and in the commits). */
  public Audience keepingMentions(Set<String> kept) {
    Set<String> m = new LinkedHashSet<>(mentioned);
    m.retainAll(kept);
    List<CommitMention> c = new ArrayList<>(commits.size());
    for (CommitMention cm : commits) {
      c.add(new CommitMention(cm.sha(), cm.message(), cm.mentioned().stream().filter(kept::contains).toList()));
    }
    return new Audience(m, assignees, reviewers, c);
  }
}
