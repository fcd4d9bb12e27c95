package dev.samplehost.server.web;

import dev.samplehost.api.Permission;
import dev.samplehost.api.web.PageSlot;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.CommitInfo;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewState;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.CommitStatusService;
import dev.samplehost.server.service.IssueSearch;
import dev.samplehost.server.service.PullReviews;
import dev.samplehost.server.service.RepoService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The HTML of the issue and pull request pages: lists, the new issue form, an issue or pull request with its timeline. */
@Singleton
class IssueViews {
  private final Layout layout;
  private final RepoService repos;
  private final IssueSearch search;
  private final CommentService comments;
  private final PullReviews reviews;
  private final CommitStatusService statuses;

  @Inject
  IssueViews(Layout layout, RepoService repos, IssueSearch search, CommentService comments, PullReviews reviews,
      CommitStatusService statuses) {
    this.statuses = statuses;
    this.layout = layout;
    this.repos = repos;
    this.search = search;
    this.comments = comments;
    this.reviews = reviews;
  }

  /** The list of issues or pull requests, open or closed, 30 a page. */
  void list(PageRequest p, Repository repo, boolean pullRequests) {
    String state = "closed".equals(p.query("state")) ? "closed" : "open";
    int page = Web.positiveNumber(p.query("page") == null ? "1" : p.query("page")).map(Long::intValue).orElse(1);
    Page<Issue> result = search.list(repo,
        IssueFilter.open().withState(state).withPulls(pullRequests).withPage(page, 30));
    String kind = pullRequests ? "pulls" : "issues";
    long open = "open".equals(state) ? result.total() : count(repo, "open", pullRequests);
    long closed = "closed".equals(state) ? result.total() : count(repo, "closed", pullRequests);
    StringBuilder b = new StringBuilder("<h1>").append(pullRequests ? "Pull requests" : "Issues").append("</h1>");
    RepoPages.tabs(b, repo, kind);
    // The counters and the list are marked (data-host-count, data-host-list) so that plugins may update them live.
    b.append("<p class=\"list-states\"><a href=\"?state=open\">").append(stateLink("open", open, "open".equals(state)))
        .append("</a> · <a href=\"?state=closed\">").append(stateLink("closed", closed, "closed".equals(state)))
        .append("</a>");
    if (!pullRequests && p.user() != null) {
      b.append(" · <a href=\"/").append(Html.esc(repo.fullName())).append("/issues/new\">New issue</a>");
    }
    b.append("</p><ul class=\"list ").append(kind).append("\" data-host-list=\"").append(kind).append("\" data-state=\"")
        .append(state).append("\" data-page=\"").append(page).append("\">");
    if (result.items().isEmpty()) {
      b.append("<li class=\"muted\">Nothing here.</li>");
    }
    for (Issue i : result.items()) {
      String href = "/" + Html.esc(repo.fullName()) + (i.pullRequest() ? "/pulls/" : "/issues/") + i.number();
      b.append("<li data-number=\"").append(i.number()).append("\" data-state=\"").append(Html.esc(i.state()))
          .append("\"><a class=\"title\" href=\"").append(href).append("\">")
          .append(Html.esc(i.title())).append("</a> <span class=\"muted\">#").append(i.number()).append(" by ")
          .append(Html.esc(i.author().login())).append(", ").append(Web.when(i.created()));
      b.append("<span data-host-comments=\"").append(i.comments()).append("\">");
      if (i.comments() > 0) {
        b.append(" · ").append(i.comments()).append(i.comments() == 1 ? " comment" : " comments");
      }
      b.append("</span></span></li>");
    }
    b.append("</ul>");
    if (result.total() > (long) page * 30) {
      b.append("<p><a href=\"?state=").append(state).append("&amp;page=").append(page + 1).append("\">Next page</a></p>");
    }
    String title = (pullRequests ? "Pull requests · " : "Issues · ") + repo.fullName();
    Web.html(p.response(), p.callback(), 200,
        layout.render(Layout.Page.repo(p.user(), p.csrf(), kind, title, repo), b.toString()));
  }

  private long count(Repository repo, String state, boolean pullRequests) {
    return search.list(repo, IssueFilter.open().withState(state).withPulls(pullRequests).withPage(1, 1)).total();
  }

  private static String stateLink(String state, long count, boolean current) {
    String label = capitalise(state) + " <span class=\"count\" data-host-count=\"" + state + "\">" + count + "</span>";
    return current ? "<strong>" + label + "</strong>" : label;
  }

  /** The new issue form, with {@code error} (422) when a first try failed. */
  void newIssueForm(PageRequest p, Repository repo, String error, String title, String body) {
    StringBuilder b = new StringBuilder("<h1>New issue</h1>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Html.esc(error)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"/").append(Html.esc(repo.fullName())).append("/issues\" class=\"stack\">")
        .append(Web.csrfField(p.csrf()))
        .append("<label for=\"title\">Title</label><input type=\"text\" id=\"title\" name=\"title\" required value=\"")
        .append(Html.esc(title)).append("\">")
        .append("<label for=\"body\">Description</label><textarea id=\"body\" name=\"body\">").append(Html.esc(body))
        .append("</textarea><div><button type=\"submit\" class=\"primary\">Create issue</button></div></form>");
    Web.html(p.response(), p.callback(), error == null ? 200 : 422,
        layout.render(Layout.Page.repo(p.user(), p.csrf(), "new-issue", "New issue · " + repo.fullName(), repo), b.toString()));
  }

  /** An issue with its conversation and forms; {@code error} (422) is the failed action's message. */
  void issuePage(PageRequest p, Repository repo, Issue issue, String error) {
    StringBuilder b = new StringBuilder();
    header(b, repo, issue, issue.state());
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Html.esc(error)).append("</p>");
    }
    timeline(b, issue, comments.comments(repo, issue.number()), List.of());
    forms(p, b, repo, issue, false);
    b.append("<section class=\"plugin-slot\" data-host-slot=\"issue\">").append(layout.slot(PageSlot.ISSUE)).append("</section>");
    Layout.Page page = new Layout.Page(p.user(), p.csrf(), "issue", issue.title() + " · Issue #" + issue.number(), repo,
        issue.number(), null);
    Web.html(p.response(), p.callback(), error == null ? 200 : 422, layout.render(page, b.toString()));
  }

  /** A pull request with its commits, conversation, merge and review forms; {@code error} as for issues. */
  void pullPage(PageRequest p, Repository repo, PullRequest pr, String error) {
    Issue issue = pr.issue();
    StringBuilder b = new StringBuilder();
    header(b, repo, issue, pr.displayState());
    b.append("<p class=\"muted\" data-host-merge-info>wants to merge <code>").append(Html.esc(pr.headBranch()))
        .append("</code> into <code>").append(Html.esc(pr.baseBranch())).append("</code> · head <span class=\"sha\" data-host-head=\"")
        .append(Html.esc(pr.headSha())).append("\">").append(Web.shortSha(pr.headSha())).append("</span>");
    if (pr.merged()) {
      b.append(" · merged by ").append(Html.esc(pr.mergedBy() == null ? "" : pr.mergedBy().login())).append(" ")
          .append(Web.when(pr.mergedAt())).append(" as <span class=\"sha\">").append(Web.shortSha(pr.mergeSha())).append("</span>");
    }
    b.append("</p>");
    // Always rendered (hidden when empty), so that plugins may fill it live.
    b.append("<p class=\"muted\" data-host-reviewers").append(pr.requestedReviewers().isEmpty() ? " hidden" : "")
        .append(">Review requested from <span class=\"reviewers\">")
        .append(String.join(", ", pr.requestedReviewers().stream().map(u -> Html.esc(u.login())).toList())).append("</span></p>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Html.esc(error)).append("</p>");
    }
    // Commits already on the base are not part of the pull request (both walks are bounded).
    java.util.Set<String> onBase = pr.merged() ? java.util.Set.of()
        : repos.commits(repo, "refs/heads/" + pr.baseBranch(), 0, 500).stream().map(CommitInfo::sha)
            .collect(java.util.stream.Collectors.toSet());
    List<CommitInfo> commits = repos.commits(repo, pr.headSha(), 0, 50).stream()
        .takeWhile(c -> !onBase.contains(c.sha())).toList();
    CommitStatusService.Combined checks = statuses.combined(repo, pr.headSha(), 1, 100);
    StatusViews.section(b, pr.headSha(), checks.statuses(), checks.state().orElse(null));
    b.append("<h2>Commits</h2><div data-host-pull-commits>");
    // While open, the list shows the head branch's newest commits, so pushes to it may be added live.
    RepoPages.commitList(b, repo, commits, !pr.merged() && issue.isOpen() ? pr.headBranch() : null, statuses);
    b.append("</div>");
    timeline(b, issue, comments.comments(repo, issue.number()), reviews.reviews(repo, issue.number()));
    if (p.user() != null && !pr.merged() && issue.isOpen()) {
      if (repos.permission(p.login(), repo).atLeast(Permission.WRITE)) {
        b.append("<form method=\"post\" action=\"/").append(Html.esc(repo.fullName())).append("/pulls/").append(issue.number())
            .append("/merge\" class=\"card merge\" data-host-open-only>").append(Web.csrfField(p.csrf()))
            .append("<input type=\"hidden\" name=\"head_commit_id\" value=\"").append(Html.esc(pr.headSha())).append("\">")
            .append("<label for=\"style\">Merge style</label> <select id=\"style\" name=\"style\">")
            .append("<option value=\"merge\">Create a merge commit (fast-forward when possible)</option>")
            .append("<option value=\"squash\">Squash and merge</option></select> ")
            .append("<button type=\"submit\" class=\"primary\">Merge pull request</button></form>");
      }
      if (issue.author().id() != p.user().id()) {
        b.append("<form method=\"post\" action=\"/").append(Html.esc(repo.fullName())).append("/pulls/").append(issue.number())
            .append("/reviews\" class=\"stack card review\" data-host-open-only>").append(Web.csrfField(p.csrf()))
            .append("<label for=\"review-body\">Review</label><textarea id=\"review-body\" name=\"body\"></textarea>")
            .append("<div><select name=\"event\" aria-label=\"Verdict\"><option value=\"COMMENT\">Comment</option>")
            .append("<option value=\"APPROVED\">Approve</option><option value=\"REQUEST_CHANGES\">Request changes</option>")
            .append("</select> <button type=\"submit\">Submit review</button></div></form>");
      }
    }
    forms(p, b, repo, issue, pr.merged());
    b.append("<section class=\"plugin-slot\" data-host-slot=\"issue\">").append(layout.slot(PageSlot.ISSUE)).append("</section>");
    Layout.Page page = new Layout.Page(p.user(), p.csrf(), "pull", issue.title() + " · Pull request #" + issue.number(), repo,
        null, issue.number());
    Web.html(p.response(), p.callback(), error == null ? 200 : 422, layout.render(page, b.toString()));
  }

  private static void header(StringBuilder b, Repository repo, Issue issue, String state) {
    b.append("<h1><span class=\"title\" data-host-title>").append(Html.esc(issue.title())).append("</span> <span class=\"muted\">#")
        .append(issue.number()).append("</span></h1>");
    RepoPages.tabs(b, repo, issue.pullRequest() ? "pulls" : "issues");
    b.append("<p><span class=\"state ").append(Html.esc(state)).append("\" data-host-state=\"").append(Html.esc(state))
        .append("\">").append(Html.esc(capitalise(state))).append("</span> <span class=\"muted\">")
        .append(Html.esc(issue.author().login())).append(" opened this ").append(Web.when(issue.created()));
    b.append("<span data-host-assignees=\"").append(Html.esc(String.join(" ", issue.assignees().stream().map(User::login).toList())))
        .append("\">");
    if (!issue.assignees().isEmpty()) {
      b.append(" · assigned to ").append(String.join(", ", issue.assignees().stream().map(u -> Html.esc(u.login())).toList()));
    }
    b.append("</span></span></p>");
    // Always rendered (hidden when empty), so that plugins may fill it live after an edit.
    b.append("<div class=\"card body issue-body\" data-host-body").append(issue.body().isBlank() ? " hidden" : "").append(">")
        .append(Html.esc(issue.body())).append("</div>");
  }

  private static void timeline(StringBuilder b, Issue issue, List<Comment> comments, List<Review> reviews) {
    record Entry(Instant when, String html) {}
    List<Entry> entries = new ArrayList<>();
    for (Comment c : comments) {
      entries.add(new Entry(c.created(), "<li class=\"card comment\" id=\"issuecomment-" + c.id() + "\" data-comment-id=\""
          + c.id() + "\"><header><strong>" + Html.esc(c.author().login()) + "</strong> commented "
          + Web.when(c.created()) + "</header><div class=\"body\">" + Html.esc(c.body()) + "</div></li>"));
    }
    for (Review r : reviews) {
      if (r.state() == ReviewState.PENDING) {
        continue;
      }
      String verdict = switch (r.state()) {
        case APPROVED -> "approved these changes";
        case REQUEST_CHANGES -> "requested changes";
        default -> "reviewed";
      };
      entries.add(new Entry(r.submitted(), "<li class=\"card review\" id=\"pullrequestreview-" + r.id()
          + "\" data-comment-id=\"review-" + r.id() + "\" data-review-id=\"" + r.id() + "\" data-review-state=\""
          + r.state() + "\"><header><strong>" + Html.esc(r.reviewer().login()) + "</strong> " + verdict + " "
          + Web.when(r.submitted()) + "</header>"
          + (r.body().isBlank() ? "" : "<div class=\"body\">" + Html.esc(r.body()) + "</div>") + "</li>"));
    }
    entries.sort(Comparator.comparing(Entry::when));
    b.append("<h2>Conversation</h2><ul class=\"timeline\" data-host-timeline>");
    for (Entry e : entries) {
      b.append(e.html());
    }
    b.append("</ul>");
  }

  private void forms(PageRequest p, StringBuilder b, Repository repo, Issue issue, boolean merged) {
    User user = p.user();
    if (user == null) {
      b.append("<p class=\"muted\"><a href=\"/user/login?redirect_to=").append(Html.esc(url(repo, issue)))
          .append("\">Sign in</a> to join the conversation.</p>");
      return;
    }
    String base = "/" + Html.esc(repo.fullName()) + "/issues/" + issue.number();
    b.append("<form method=\"post\" action=\"").append(base).append("/comments\" class=\"stack comment-form\">")
        .append(Web.csrfField(p.csrf()))
        .append("<label for=\"comment-body\">Add a comment</label><textarea id=\"comment-body\" name=\"body\" required></textarea>")
        .append("<div><button type=\"submit\" class=\"primary\">Comment</button></div></form>");
    boolean canChange = issue.author().id() == user.id() || repos.permission(user.login(), repo).atLeast(Permission.WRITE);
    if (canChange && !merged) {
      b.append("<form method=\"post\" action=\"").append(base).append("/state\" class=\"inline\" data-host-state-form>")
          .append(Web.csrfField(p.csrf())).append("<input type=\"hidden\" name=\"state\" value=\"")
          .append(issue.isOpen() ? "closed" : "open").append("\"><button type=\"submit\">")
          .append(issue.isOpen() ? "Close" : "Reopen").append("</button></form>");
    }
  }

  /** The page of an issue or pull request. */
  static String url(Repository repo, Issue issue) {
    return "/" + repo.fullName() + (issue.pullRequest() ? "/pulls/" : "/issues/") + issue.number();
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
