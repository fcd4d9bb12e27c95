package dev.samplehost.server.rest;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.IssueChanges;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** Pull requests and merging: {@code /repos/{o}/{r}/pulls...}. */
@Singleton
public final class PullsApi implements ApiResource {

  private final PullService pulls;
  private final UserService users;
  private final RepoLookup lookup;
  private final PullRenderer render;

  @Inject
  PullsApi(PullService pulls, UserService users, RepoLookup lookup, PullRenderer render) {
    this.pulls = pulls;
    this.users = users;
    this.lookup = lookup;
    this.render = render;
  }

  @Override
  public void register(Router router) {
    router.add("GET", "/repos/{owner}/{repo}/pulls", this::list)
        .add("POST", "/repos/{owner}/{repo}/pulls", this::create)
        .add("GET", "/repos/{owner}/{repo}/pulls/{index}", this::get)
        .add("PATCH", "/repos/{owner}/{repo}/pulls/{index}", this::edit)
        .add("GET", "/repos/{owner}/{repo}/pulls/{index}/merge", this::isMerged)
        .add("POST", "/repos/{owner}/{repo}/pulls/{index}/merge", this::merge);
  }

  private ApiResult list(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    Paging paging = Paging.of(call);
    String poster = call.query("poster").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    IssueFilter filter = new IssueFilter(call.query("state").orElse("open"), Boolean.TRUE, poster, null, null,
        null, null, null, call.query("sort").orElse(null), paging.page(), paging.limit());
    Page<PullRequest> page = pulls.list(view.repo(), filter);
    RepositoryJson repoJson = lookup.json(view.repo(), view.permission(), call.login());
    List<PullRequestJson> items = page.items().stream()
        .map(pr -> render.pull(pr, view.repo(), repoJson, call.login())).toList();
    return paging.answerPage(call, items, page.total(), true);
  }

  private ApiResult create(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    ApiOptions.CreatePull option = call.body(ApiOptions.CreatePull.class);
    if (UsersApi.blank(option.head())) {
      throw ApiException.required("Head");
    }
    if (UsersApi.blank(option.base())) {
      throw ApiException.required("Base");
    }
    if (UsersApi.blank(option.title())) {
      throw ApiException.required("Title");
    }
    boolean writer = view.permission().atLeast(Permission.WRITE);
    List<String> assignees = writer ? IssuesApi.assignees(option.assignees(), option.assignee()) : List.of();
    List<String> reviewers = option.reviewers() == null ? List.of() : option.reviewers();
    // Checked before creating, so that a bad name does not leave a half-made pull request behind.
    checkPeople(view, assignees, null, "assignee");
    checkPeople(view, reviewers, login, "reviewer");
    PullRequest pr = pulls.create(users.get(login), view.repo(), option.head(), option.base(), option.title(),
        option.body() == null ? "" : option.body(), assignees, reviewers);
    return ApiResult.created(render.pull(pr, view, login));
  }

  private ApiResult get(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    return ApiResult.ok(render.pull(pull(view.repo(), call), view, call.login()));
  }

  private ApiResult edit(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view.repo(), call);
    boolean writer = view.permission().atLeast(Permission.WRITE);
    if (!writer && !pr.issue().author().login().equalsIgnoreCase(login)) {
      throw ApiException.bare(403);
    }
    ApiOptions.EditPull option = call.body(ApiOptions.EditPull.class);
    List<String> assignees = writer && (option.assignees() != null || option.assignee() != null)
        ? IssuesApi.assignees(option.assignees(), option.assignee()) : null;
    String base = writer ? option.base() : null;
    PullRequest edited = pulls.edit(users.get(login), view.repo(), pr.number(),
        new IssueChanges(option.title(), option.body(), option.state(), assignees, base));
    return ApiResult.created(render.pull(edited, view, login));
  }

  private ApiResult isMerged(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view.repo(), call);
    if (!pr.merged()) {
      throw ApiException.notFound();
    }
    return ApiResult.noContent();
  }

  private ApiResult merge(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    PullRequest pr = pull(view.repo(), call);
    ApiOptions.Merge option = call.body(ApiOptions.Merge.class);
    if (UsersApi.blank(option.style())) {
      throw ApiException.required("Do");
    }
    MergeStyle style = MergeStyle.parse(option.style()).orElseThrow(() -> ApiException.unprocessable("[Do]: In"));
    if (pr.merged()) {
      throw ApiException.notAllowed("");
    }
    if (!pr.issue().isOpen()) {
      throw ApiException.notFound();
    }
    if (!view.permission().atLeast(Permission.WRITE)) {
      throw ApiException.notAllowed("User not allowed to merge PR");
    }
    if (ApiConverter.draft(pr.issue().title())) {
      throw ApiException.notAllowed("Work in progress PRs cannot be merged");
    }
    pulls.merge(users.get(login), view.repo(), pr.number(), style, option.title(), option.message(),
        option.headCommitId(), Boolean.TRUE.equals(option.deleteBranchAfterMerge()));
    return ApiResult.empty(200);
  }

  private void checkPeople(RepoLookup.RepoView view, List<String> logins, String author, String role) {
    for (String name : logins) {
      User user = users.find(name == null ? "" : name.trim()).orElseThrow(() -> ApiException.unprocessable(
          role + " does not exist [name: " + name + "]"));
      if (author != null && user.login().equalsIgnoreCase(author)) {
        throw ApiException.unprocessable(role + " is the author of the pull request [user: " + user.login() + "]");
      }
      if (!lookup.permission(user.login(), view.repo()).atLeast(Permission.READ)) {
        throw ApiException.unprocessable(role + " cannot read " + view.repo().fullName() + " [user: " + user.login() + "]");
      }
    }
  }

  private PullRequest pull(Repository repo, ApiCall call) {
    return pulls.find(repo, call.longParam("index")).orElseThrow(ApiException::notFound);
  }
}
