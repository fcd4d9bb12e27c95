package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CommentEvent;
import dev.samplehost.api.events.CommitStatusEvent;
import dev.samplehost.api.events.IssueEvent;
import dev.samplehost.api.events.IssueSnapshot;
import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.api.events.PullRequestSnapshot;
import dev.samplehost.api.events.RepositoryEvent;
import dev.samplehost.api.events.ReviewEvent;
import dev.samplehost.api.events.ReviewRequestedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Host events become Tidings events with the documented types, data and subjects. */
class HostEventTranslatorTest {

  static final RepoRef REPO = new RepoRef(1, "alice", "demo", false, false, "main");
  static final UserRef ALICE = TestDirectory.user0("alice");
  static final UserRef BOB = TestDirectory.user0("bob");

  final List<TidingsEvent> events = new ArrayList<>();
  final HostEventTranslator t = new HostEventTranslator(events::add, new MentionExtractor(new TestDirectory()),
      "http://h/");

  final IssueSnapshot issue = new IssueSnapshot(10, 3, false, "Crash on @carol's input", "Seen by @bob", "open",
      ALICE, List.of(), "http://h/alice/demo/issues/3");
  final PullRequestSnapshot pr = new PullRequestSnapshot(11, 5, "Fix crash", "Fixes #3, @bob", "open", ALICE,
      "fix", "main", "abc", null, List.of(), List.of(BOB), "http://h/alice/demo/pulls/5");

  @Test
  void aCommitStatusIsARepositoryEventThatNotifiesNobody() {
    t.onCommitStatus(new CommitStatusEvent(ALICE, REPO, 42, "abc123", "ci/build", "pending", "Building @bob",
        "https://ci.example.org/1", 60, "pending", List.of(5L)));
    TidingsEvent e = events.get(0);
    assertThat(e.type()).isEqualTo(EventType.COMMIT_STATUS);
    assertThat(e.type().wire()).isEqualTo("commit.status");
    assertThat(e.type().pullRequest() || e.type().issue()).as("only on repo:o/n").isFalse();
    assertThat(e.data()).containsEntry("id", 42L).containsEntry("sha", "abc123").containsEntry("context", "ci/build")
        .containsEntry("state", "pending").containsEntry("progress", 60).containsEntry("combined_state", "pending")
        .containsEntry("description", "Building @bob").containsEntry("target_url", "https://ci.example.org/1")
        .containsEntry("pull_requests", List.of(5L)).containsEntry("html_url", "http://h/alice/demo/commit/abc123")
        .containsEntry("creator", Map.of("login", "alice", "full_name", "Alice"));
    assertThat(e.subject()).isNull();
    assertThat(e.mentions()).as("descriptions are not scanned for mentions").isEmpty();
  }

  @Test
  void issuesCarryNumberTitleStateUrlAndMentions() {
    t.onIssue(new IssueEvent(IssueEvent.Action.OPENED, ALICE, REPO, issue, List.of()));
    t.onIssue(new IssueEvent(IssueEvent.Action.ASSIGNED, ALICE, REPO, issue, List.of(BOB)));
    assertThat(events).extracting(e -> e.type().wire()).containsExactly("issue.opened", "issue.assigned");
    TidingsEvent e = events.get(0);
    assertThat(e.data()).containsEntry("number", 3L).containsEntry("title", issue.title())
        .containsEntry("state", "open").containsEntry("html_url", issue.htmlUrl())
        .containsEntry("actor", Map.of("login", "alice", "full_name", "Alice"));
    assertThat(e.mentions()).containsExactly("carol", "bob");
    assertThat(e.subject().key()).isEqualTo("issue:3");
    assertThat(e.subject().kind()).isEqualTo(TidingsEvent.Subject.Kind.ISSUE);
    assertThat(events.get(1).data()).containsEntry("assigned", List.of("bob"));
    // The notification side reads the typed audience, never the data.
    assertThat(events.get(1).audience().assignees()).containsExactly("bob");
    assertThat(events.get(1).audience().mentioned()).isEmpty();
  }

  @Test
  void aPullRequestsAssignmentIsAPullRequestEventWithTheSameAudience() {
    t.onIssue(new IssueEvent(IssueEvent.Action.ASSIGNED, ALICE, REPO, pr.asIssue(), List.of(BOB)));
    TidingsEvent e = events.get(0);
    assertThat(e.type()).isEqualTo(EventType.PR_ASSIGNED);
    assertThat(e.type().wire()).isEqualTo("pr.assigned");
    assertThat(e.type().pullRequest()).as("on /prs").isTrue();
    assertThat(e.type().issue()).as("not on /issues").isFalse();
    assertThat(e.data()).containsEntry("assigned", List.of("bob")).containsEntry("pull_request", true);
    assertThat(e.audience().assignees()).containsExactly("bob");
    assertThat(e.subject().kind()).isEqualTo(TidingsEvent.Subject.Kind.PULL);
  }

  @Test
  void pullRequestsReviewsAndCommentsHaveExcerptsAndSubjects() {
    t.onPullRequest(new PullRequestEvent(PullRequestEvent.Action.OPENED, ALICE, REPO, pr, null));
    t.onPullRequest(new PullRequestEvent(PullRequestEvent.Action.SYNCHRONIZED, ALICE, REPO, pr, "old"));
    t.onPullRequest(new PullRequestEvent(PullRequestEvent.Action.MERGED, ALICE, REPO, pr, null));
    t.onReview(new ReviewEvent(BOB, REPO, pr, ReviewEvent.State.APPROVED, 7, "x".repeat(1000), "http://h/r/7"));
    t.onReviewRequested(new ReviewRequestedEvent(ALICE, REPO, pr, BOB));
    t.onComment(new CommentEvent(BOB, REPO, pr.asIssue(), 9, "ping @alice", "http://h/c/9"));
    t.onComment(new CommentEvent(BOB, REPO, issue, 10, "me too", "http://h/c/10"));
    assertThat(events).extracting(e -> e.type().wire()).containsExactly(
        "pr.opened", "pr.synchronized", "pr.merged", "pr.review", "pr.review_requested", "pr.comment",
        "issue.comment");
    assertThat(events.get(0).subject().key()).isEqualTo("pull:5");
    assertThat(events.get(1).data()).containsEntry("before", "old").containsEntry("after", "abc");
    @SuppressWarnings("unchecked")
    Map<String, Object> review = (Map<String, Object>) events.get(3).data().get("review");
    assertThat((String) review.get("body_excerpt")).hasSize(280).endsWith("\u2026");
    assertThat(review).containsEntry("state", "approved");
    assertThat(events.get(4).data()).containsEntry("reviewer", Map.of("login", "bob", "full_name", "Bob"));
    assertThat(events.get(4).audience().reviewers()).containsExactly("bob");
    assertThat(events.get(4).type()).isEqualTo(EventType.PR_REVIEW_REQUESTED);
    assertThat(events.get(5).mentions()).containsExactly("alice");
    assertThat(events.get(5).subject().latestCommentHtmlUrl()).isEqualTo("http://h/c/9");
    assertThat(events.get(6).subject().key()).isEqualTo("issue:3");
  }

  @Test
  void anEditedPullRequestCarriesItsExcerptAndEveryMention() {
    t.onPullRequest(new PullRequestEvent(PullRequestEvent.Action.EDITED, ALICE, REPO, pr, null));
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.type().wire()).isEqualTo("pr.edited");
      assertThat(e.data()).containsEntry("body_excerpt", "Fixes #3, @bob");
      assertThat(e.mentions()).containsExactly("bob");
      assertThat(e.subject().key()).isEqualTo("pull:5");
    });
  }

  @Test
  void repositoriesCreatedAndDeleted() {
    t.onRepository(new RepositoryEvent(RepositoryEvent.Action.CREATED, ALICE, REPO));
    t.onRepository(new RepositoryEvent(RepositoryEvent.Action.DELETED, ALICE, REPO));
    assertThat(events).extracting(e -> e.type().wire()).containsExactly("repo.created", "repo.deleted");
    assertThat(events.get(0).data()).containsEntry("html_url", "http://h/alice/demo");
  }
}
