package dev.samplehost.server.rest;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.IssueChanges;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.IssueSearch;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Issues and comments: {@code /repos/{o}/{r}/issues...} (pull requests are issues too). */
@Singleton
public final class IssuesApi implements ApiResource {

  private final IssueService issues;
  private final IssueSearch search;
  private final CommentService comments;
  private final UserService users;
  private final RepoLookup lookup;
  private final IssueRenderer render;

  @Inject
  IssuesApi(IssueService issues, IssueSearch search, CommentService comments, UserService users, RepoLookup lookup,
      IssueRenderer render) {
    this.issues = issues;
    this.search = search;
    this.comments = comments;
    this.users = users;
    this.lookup = lookup;
    this.render = render;
  }

  @Override
  public void register(Router router) {
    router.add("GET", "/repos/{owner}/{repo}/issues", this::list)
        .add("POST", "/repos/{owner}/{repo}/issues", this::create)
        .add("GET", "/repos/{owner}/{repo}/issues/{index}", this::get)
        .add("PATCH", "/repos/{owner}/{repo}/issues/{index}", this::edit)
        .add("GET", "/repos/{owner}/{repo}/issues/{index}/comments", this::comments)
        .add("POST", "/repos/{owner}/{repo}/issues/{index}/comments", this::comment)
        .add("GET", "/repos/{owner}/{repo}/issues/comments/{id}", this::getComment);
  }

  private ApiResult list(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    Boolean pulls = switch (call.query("type").orElse("").trim().toLowerCase(Locale.ROOT)) {
      case "issues" -> Boolean.FALSE;
      case "pulls" -> Boolean.TRUE;
      default -> null;
    };
    Paging paging = Paging.of(call);
    IssueFilter filter = new IssueFilter(call.query("state").orElse("open"), pulls,
        blankToNull(call.query("created_by").orElse(null)),
        blankToNull(call.query("assigned_by").orElse(null)),
        blankToNull(call.query("mentioned_by").orElse(null)),
        blankToNull(call.query("q").orElse(null)),
        ApiTimes.query(call, "since"), ApiTimes.query(call, "before"), null,
        paging.page(), paging.limit());
    if (!call.query("labels").orElse("").isBlank() || !call.query("milestones").orElse("").isBlank()) {
      // This host has no labels or milestones, so nothing can match such a filter.
      return paging.answerPage(call, List.of(), 0, true);
    }
    Page<Issue> page = search.list(view.repo(), filter);
    List<IssueJson> items = page.items().stream().map(i -> render.issue(i, view.repo(), call.login())).toList();
    return paging.answerPage(call, items, page.total(), true);
  }

  private ApiResult create(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    ApiOptions.CreateIssue option = call.body(ApiOptions.CreateIssue.class);
    if (UsersApi.blank(option.title())) {
      throw ApiException.required("Title");
    }
    User actor = users.get(login);
    // Gitea silently drops assignees unless the poster can write to the repository.
    List<String> assignees = view.permission().atLeast(Permission.WRITE) ? assignees(option.assignees(), option.assignee()) : List.of();
    Issue issue = issues.create(actor, view.repo(), option.title(), option.body() == null ? "" : option.body(), assignees);
    if (Boolean.TRUE.equals(option.closed())) {
      issue = issues.close(actor, view.repo(), issue.number());
    }
    return ApiResult.created(render.issue(issue, view.repo(), login));
  }

  private ApiResult get(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    Issue issue = issue(view.repo(), call);
    return ApiResult.ok(render.issue(issue, view.repo(), call.login()));
  }

  private ApiResult edit(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    Issue issue = issue(view.repo(), call);
    boolean writer = view.permission().atLeast(Permission.WRITE);
    if (!writer && !issue.author().login().equalsIgnoreCase(login)) {
      throw ApiException.bare(403);
    }
    ApiOptions.EditIssue option = call.body(ApiOptions.EditIssue.class);
    List<String> assignees = null;
    if (writer && (option.assignees() != null || option.assignee() != null)) {
      assignees = assignees(option.assignees(), option.assignee());
    }
    Issue edited = issues.edit(users.get(login), view.repo(), issue.number(),
        new IssueChanges(option.title(), option.body(), option.state(), assignees, null));
    return ApiResult.created(render.issue(edited, view.repo(), login));
  }

  private ApiResult comments(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    Issue issue = issue(view.repo(), call);
    Instant since = ApiTimes.query(call, "since");
    Instant before = ApiTimes.query(call, "before");
    List<CommentJson> list = comments.comments(view.repo(), issue.number()).stream()
        .filter(c -> since == null || !c.updated().isBefore(since))
        .filter(c -> before == null || !c.updated().isAfter(before))
        .map(c -> render.comment(c, view.repo(), issue.pullRequest(), call.login()))
        .toList();
    return ApiResult.ok(list).header("X-Total-Count", Integer.toString(list.size()))
        .header("Access-Control-Expose-Headers", "X-Total-Count");
  }

  private ApiResult comment(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    Issue issue = issue(view.repo(), call);
    ApiOptions.CreateComment option = call.body(ApiOptions.CreateComment.class);
    if (UsersApi.blank(option.body())) {
      throw ApiException.required("Body");
    }
    Comment comment = comments.comment(users.get(login), view.repo(), issue.number(), option.body());
    return ApiResult.created(render.comment(comment, view.repo(), issue.pullRequest(), login));
  }

  private ApiResult getComment(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    Comment comment = comments.findComment(view.repo(), call.longParam("id")).orElseThrow(ApiException::notFound);
    Issue issue = issues.get(view.repo(), comment.issueNumber());
    return ApiResult.ok(render.comment(comment, view.repo(), issue.pullRequest(), call.login()));
  }

  private Issue issue(Repository repo, ApiCall call) {
    return issues.find(repo, call.longParam("index")).orElseThrow(ApiException::notFound);
  }

  /** Gitea's {@code assignees} list plus its older single {@code assignee} field, without repeats. */
  static List<String> assignees(List<String> list, String single) {
    List<String> out = new ArrayList<>();
    if (list != null) {
      out.addAll(list);
    }
    if (single != null && !single.isBlank() && !out.contains(single)) {
      out.add(single);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
