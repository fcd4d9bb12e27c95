package dev.tidings.hooks;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CommentEvent;
import dev.samplehost.api.events.CommitStatusEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.IssueEvent;
import dev.samplehost.api.events.IssueSnapshot;
import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.api.events.PullRequestSnapshot;
import dev.samplehost.api.events.RepositoryEvent;
import dev.samplehost.api.events.ReviewEvent;
import dev.samplehost.api.events.ReviewRequestedEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the host's issue, pull request, review, comment and repository events into Tidings
 * events ({@code issue.opened}, {@code pr.merged}, {@code pr.comment}, {@code repo.created}, ...)
 * and hands them to an {@link EventSink}. Runs on the host's request thread: builds and returns.
 */
public final class HostEventTranslator implements HostEventListener {

  private static final Logger log = LoggerFactory.getLogger(HostEventTranslator.class);

  private final EventSink sink;
  private final MentionExtractor mentions;
  private final String baseUrl;

  /** A translator that hands its events to {@code sink}. */
  public HostEventTranslator(EventSink sink, MentionExtractor mentions, String baseUrl) {
    this.sink = sink;
    this.mentions = mentions;
    this.baseUrl = EventData.base(baseUrl);
  }

  @Override
  public void onRepository(RepositoryEvent e) {
    EventType type = e.action() == RepositoryEvent.Action.CREATED ? EventType.REPO_CREATED : EventType.REPO_DELETED;
    Map<String, Object> data = EventData.base(e.repository(), e.actor(), baseUrl);
    String url = EventData.repoUrl(e.repository(), baseUrl);
    data.put("html_url", url);
    emit(type, e.repository(), e.actor(), data, Audience.NONE, new TidingsEvent.Subject(
        TidingsEvent.Subject.Kind.REPOSITORY, "repo:" + e.repository().fullName(), 0,
        FieldLimits.cut(e.repository().fullName(), FieldLimits.MAX_TITLE), null, url, null));
  }

  @Override
  public void onIssue(IssueEvent e) {
    EventType type = switch (e.action()) {
      case OPENED -> EventType.ISSUE_OPENED;
      case CLOSED -> EventType.ISSUE_CLOSED;
      case REOPENED -> EventType.ISSUE_REOPENED;
      case EDITED -> EventType.ISSUE_EDITED;
      // The host reports a pull request's assignment as an issue event (a pull request is an issue
      // there); on the wire it is a pull request event, so it reaches /prs and PR pages.
      case ASSIGNED -> e.issue().pullRequest() ? EventType.PR_ASSIGNED : EventType.ISSUE_ASSIGNED;
    };
    IssueSnapshot issue = e.issue();
    Map<String, Object> data = issueData(e.repository(), e.actor(), issue);
    Audience audience = Audience.NONE;
    if (e.action() == IssueEvent.Action.OPENED || e.action() == IssueEvent.Action.EDITED) {
      data.put("body_excerpt", EventData.excerpt(issue.body()));
      audience = Audience.mentioning(mentions.extract(issue.title(), issue.body()));
    }
    if (e.action() == IssueEvent.Action.ASSIGNED) {
      List<String> added = logins(e.newAssignees());
      data.put("assigned", added);
      audience = new Audience(Set.of(), added.stream().distinct().toList(), List.of(), List.of());
    }
    emit(type, e.repository(), e.actor(), data, audience, subject(issue, null));
  }

  @Override
  public void onPullRequest(PullRequestEvent e) {
    EventType type = switch (e.action()) {
      case OPENED -> EventType.PR_OPENED;
      case SYNCHRONIZED -> EventType.PR_SYNCHRONIZED;
      case CLOSED -> EventType.PR_CLOSED;
      case REOPENED -> EventType.PR_REOPENED;
      case MERGED -> EventType.PR_MERGED;
      case EDITED -> EventType.PR_EDITED;
    };
    PullRequestSnapshot pr = e.pullRequest();
    Map<String, Object> data = pullData(e.repository(), e.actor(), pr);
    Audience audience = Audience.NONE;
    if (e.action() == PullRequestEvent.Action.OPENED || e.action() == PullRequestEvent.Action.EDITED) {
      data.put("body_excerpt", EventData.excerpt(pr.body()));
      audience = Audience.mentioning(mentions.extract(pr.title(), pr.body()));
    }
    if (e.action() == PullRequestEvent.Action.SYNCHRONIZED) {
      data.put("before", e.beforeSha());
      data.put("after", pr.headSha());
    }
    emit(type, e.repository(), e.actor(), data, audience, subject(pr.asIssue(), null));
  }

  @Override
  public void onReview(ReviewEvent e) {
    PullRequestSnapshot pr = e.pullRequest();
    Map<String, Object> data = pullData(e.repository(), e.actor(), pr);
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("id", e.reviewId());
    review.put("state", e.state().name().toLowerCase(Locale.ROOT));
    review.put("body_excerpt", EventData.excerpt(e.body()));
    review.put("html_url", e.htmlUrl());
    data.put("review", review);
    emit(EventType.PR_REVIEW, e.repository(), e.actor(), data, Audience.mentioning(mentions.extract(e.body())),
        subject(pr.asIssue(), e.htmlUrl()));
  }

  @Override
  public void onReviewRequested(ReviewRequestedEvent e) {
    PullRequestSnapshot pr = e.pullRequest();
    Map<String, Object> data = pullData(e.repository(), e.actor(), pr);
    data.put("reviewer", EventData.user(e.reviewer()));
    // Without a named reviewer, everyone the pull request asks is the audience.
    List<String> reviewers = e.reviewer() != null ? List.of(e.reviewer().login())
        : logins(pr.requestedReviewers()).stream().distinct().toList();
    emit(EventType.PR_REVIEW_REQUESTED, e.repository(), e.actor(), data,
        new Audience(Set.of(), List.of(), reviewers, List.of()), subject(pr.asIssue(), null));
  }

  @Override
  public void onComment(CommentEvent e) {
    IssueSnapshot s = e.subject();
    Map<String, Object> data = issueData(e.repository(), e.actor(), s);
    Map<String, Object> comment = new LinkedHashMap<>();
    comment.put("id", e.commentId());
    comment.put("body_excerpt", EventData.excerpt(e.body()));
    comment.put("html_url", e.htmlUrl());
    data.put("comment", comment);
    emit(s.pullRequest() ? EventType.PR_COMMENT : EventType.ISSUE_COMMENT, e.repository(), e.actor(), data,
        Audience.mentioning(mentions.extract(e.body())), subject(s, e.htmlUrl()));
  }

  /**
   * {@code commit.status} on {@code repo:o/n} only (a commit's status is not a pull request event;
   * {@code pull_requests} lets a pull request page pick it out). No subject: it notifies nobody,
   * as in Gitea.
   */
  @Override
  public void onCommitStatus(CommitStatusEvent e) {
    Map<String, Object> data = EventData.base(e.repository(), e.actor(), baseUrl);
    data.put("id", e.statusId());
    data.put("sha", e.sha());
    data.put("context", e.context());
    data.put("state", e.state());
    data.put("description", e.description());
    data.put("target_url", e.targetUrl());
    data.put("progress", e.progress());
    data.put("creator", EventData.user(e.actor()));
    data.put("combined_state", e.combinedState());
    data.put("pull_requests", e.pullRequests());
    data.put("html_url", EventData.repoUrl(e.repository(), baseUrl) + "/commit/" + e.sha());
    emit(EventType.COMMIT_STATUS, e.repository(), e.actor(), data, Audience.NONE, null);
  }

  private Map<String, Object> issueData(RepoRef repo, UserRef actor, IssueSnapshot s) {
    Map<String, Object> data = EventData.base(repo, actor, baseUrl);
    data.put("number", s.number());
    data.put("title", s.title());
    data.put("state", s.state());
    data.put("html_url", s.htmlUrl());
    data.put("pull_request", s.pullRequest());
    data.put("author", EventData.user(s.author()));
    data.put("assignees", logins(s.assignees()));
    return data;
  }

  private Map<String, Object> pullData(RepoRef repo, UserRef actor, PullRequestSnapshot pr) {
    Map<String, Object> data = issueData(repo, actor, pr.asIssue());
    data.put("head", pr.headBranch());
    data.put("base", pr.baseBranch());
    data.put("head_sha", pr.headSha());
    data.put("merge_sha", pr.mergeSha());
    data.put("requested_reviewers", logins(pr.requestedReviewers()));
    return data;
  }

  private static TidingsEvent.Subject subject(IssueSnapshot s, String latestCommentUrl) {
    boolean pull = s.pullRequest();
    return new TidingsEvent.Subject(
        pull ? TidingsEvent.Subject.Kind.PULL : TidingsEvent.Subject.Kind.ISSUE,
        (pull ? "pull:" : "issue:") + s.number(), s.number(), FieldLimits.cut(s.title(), FieldLimits.MAX_TITLE),
        s.state(), s.htmlUrl(),
        latestCommentUrl);
  }

  private static List<String> logins(List<UserRef> users) {
    return users == null ? List.of() : users.stream().map(UserRef::login).toList();
  }

  private void emit(EventType type, RepoRef repo, UserRef actor, Map<String, Object> data, Audience audience,
      TidingsEvent.Subject subject) {
    long now = System.currentTimeMillis();
    try {
      sink.accept(new TidingsEvent(EventIds.next(now), type, repo, actor, now,
          Collections.unmodifiableMap(FieldLimits.apply(data)), audience, subject));
    } catch (RuntimeException ex) {
      log.error("The event sink refused {} on {}", type, repo.fullName(), ex);
    }
  }
}
