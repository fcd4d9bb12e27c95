package dev.samplehost.server.web;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewState;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.IssueChanges;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.PullReviews;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.ServiceException;
import dev.samplehost.server.service.TextLimits;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * The issue and pull request URLs: picks the page {@link IssueViews} draws, and runs the form posts
 * (create, comment, close/reopen, merge, review), answering with a redirect or the page and its error.
 */
@Singleton
class IssueRoutes {
  private final Layout layout;
  private final IssueViews views;
  private final RepoService repos;
  private final IssueService issues;
  private final CommentService comments;
  private final PullService pulls;
  private final PullReviews reviews;

  @Inject
  IssueRoutes(Layout layout, IssueViews views, RepoService repos, IssueService issues, CommentService comments,
      PullService pulls, PullReviews reviews) {
    this.layout = layout;
    this.views = views;
    this.repos = repos;
    this.issues = issues;
    this.comments = comments;
    this.pulls = pulls;
    this.reviews = reviews;
  }

  /** {@code /{owner}/{repo}/issues/...}: the list, the new issue form, an issue and its form actions. */
  void issues(PageRequest p, Repository repo, String[] rest) {
    if (rest.length == 0) {
      if (p.isPost()) {
        createIssue(p, repo);
      } else {
        views.list(p, repo, false);
      }
      return;
    }
    if (rest.length == 1 && rest[0].equals("new")) {
      if (p.user() == null) {
        Web.redirect(p.request(), p.response(), p.callback(), "/user/login?redirect_to=/" + repo.fullName() + "/issues/new");
        return;
      }
      views.newIssueForm(p, repo, null, "", "");
      return;
    }
    Optional<Long> number = Web.positiveNumber(rest[0]);
    Optional<Issue> issue = number.flatMap(n -> issues.find(repo, n));
    if (issue.isEmpty()) {
      WebUi.notFound(layout, p);
      return;
    }
    if (rest.length == 1) {
      if (issue.get().pullRequest()) {
        Web.redirect(p.request(), p.response(), p.callback(), "/" + repo.fullName() + "/pulls/" + issue.get().number());
      } else {
        views.issuePage(p, repo, issue.get(), null);
      }
      return;
    }
    if (rest.length == 2 && rest[1].equals("comments")) {
      comment(p, repo, issue.get());
      return;
    }
    if (rest.length == 2 && rest[1].equals("state")) {
      changeState(p, repo, issue.get());
      return;
    }
    WebUi.notFound(layout, p);
  }

  /** {@code /{owner}/{repo}/pulls/...}: the list, a pull request, merging and reviewing. */
  void pulls(PageRequest p, Repository repo, String[] rest) {
    if (rest.length == 0) {
      views.list(p, repo, true);
      return;
    }
    Optional<PullRequest> pr = Web.positiveNumber(rest[0]).flatMap(n -> pulls.find(repo, n));
    if (pr.isEmpty()) {
      WebUi.notFound(layout, p);
      return;
    }
    if (rest.length == 1) {
      views.pullPage(p, repo, pr.get(), null);
      return;
    }
    if (rest.length == 2 && rest[1].equals("merge")) {
      merge(p, repo, pr.get());
      return;
    }
    if (rest.length == 2 && rest[1].equals("reviews")) {
      review(p, repo, pr.get());
      return;
    }
    WebUi.notFound(layout, p);
  }

  private void createIssue(PageRequest p, Repository repo) {
    Fields form = checkedForm(p);
    if (form == null) {
      return;
    }
    try {
      Issue created = issues.create(p.user(), repo, Web.value(form, "title"), Web.value(form, "body"), List.of());
      Web.redirect(p.request(), p.response(), p.callback(), "/" + repo.fullName() + "/issues/" + created.number());
    } catch (ServiceException e) {
      views.newIssueForm(p, repo, TextLimits.describe(e), Web.value(form, "title"), Web.value(form, "body"));
    }
  }

  private void comment(PageRequest p, Repository repo, Issue issue) {
    Fields form = checkedForm(p);
    if (form == null) {
      return;
    }
    try {
      Comment c = comments.comment(p.user(), repo, issue.number(), Web.value(form, "body"));
      Web.redirect(p.request(), p.response(), p.callback(), IssueViews.url(repo, issue) + "#issuecomment-" + c.id());
    } catch (ServiceException e) {
      showAgain(p, repo, issue, TextLimits.describe(e));
    }
  }

  private void changeState(PageRequest p, Repository repo, Issue issue) {
    Fields form = checkedForm(p);
    if (form == null) {
      return;
    }
    boolean author = issue.author().id() == p.user().id();
    if (!author && !repos.permission(p.login(), repo).atLeast(Permission.WRITE)) {
      WebUi.forbidden(layout, p, "Only the author or a writer can change the state.");
      return;
    }
    try {
      issues.edit(p.user(), repo, issue.number(), IssueChanges.state(Web.value(form, "state")));
      Web.redirect(p.request(), p.response(), p.callback(), IssueViews.url(repo, issue));
    } catch (ServiceException e) {
      showAgain(p, repo, issue, TextLimits.describe(e));
    }
  }

  private void merge(PageRequest p, Repository repo, PullRequest pr) {
    Fields form = checkedForm(p);
    if (form == null) {
      return;
    }
    if (!repos.permission(p.login(), repo).atLeast(Permission.WRITE)) {
      WebUi.forbidden(layout, p, "You do not have write access to " + repo.fullName() + ".");
      return;
    }
    MergeStyle style = MergeStyle.parse(Web.value(form, "style")).orElse(MergeStyle.MERGE);
    try {
      pulls.merge(p.user(), repo, pr.number(), style, null, null, Web.value(form, "head_commit_id"), false);
      Web.redirect(p.request(), p.response(), p.callback(), "/" + repo.fullName() + "/pulls/" + pr.number());
    } catch (ServiceException e) {
      views.pullPage(p, repo, pulls.get(repo, pr.number()), e.getMessage().isEmpty() ? "Already merged." : e.getMessage());
    }
  }

  private void review(PageRequest p, Repository repo, PullRequest pr) {
    Fields form = checkedForm(p);
    if (form == null) {
      return;
    }
    ReviewState state;
    try {
      state = ReviewState.valueOf(Web.value(form, "event"));
    } catch (IllegalArgumentException e) {
      state = ReviewState.COMMENT;
    }
    try {
      Review r = reviews.submitReview(p.user(), repo, pr.number(), state, Web.value(form, "body"), null);
      Web.redirect(p.request(), p.response(), p.callback(),
          "/" + repo.fullName() + "/pulls/" + pr.number() + "#pullrequestreview-" + r.id());
    } catch (ServiceException e) {
      views.pullPage(p, repo, pr, TextLimits.describe(e));
    }
  }

  private void showAgain(PageRequest p, Repository repo, Issue issue, String error) {
    if (issue.pullRequest()) {
      views.pullPage(p, repo, pulls.get(repo, issue.number()), error);
    } else {
      views.issuePage(p, repo, issues.get(repo, issue.number()), error);
    }
  }

  /** The form fields if the viewer is signed in and the CSRF token matches; otherwise answers and returns null. */
  private Fields checkedForm(PageRequest p) {
    if (!p.isPost()) {
      WebUi.notFound(layout, p);
      return null;
    }
    if (p.user() == null) {
      Web.redirect(p.request(), p.response(), p.callback(), "/user/login");
      return null;
    }
    Fields form = Web.form(p.request());
    if (!Web.csrfMatches(p.csrf(), form)) {
      WebUi.forbidden(layout, p, "The form expired or did not come from this site; reload the page and try again.");
      return null;
    }
    return form;
  }
}
