package dev.samplehost.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.CommitState;
import dev.samplehost.server.domain.CommitStatus;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.service.CommitStatusService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Commit statuses: {@code POST/GET /repos/{o}/{r}/statuses/{sha}}, {@code GET .../commits/{ref}/statuses}
 * and the combined {@code GET .../commits/{ref}/status}; {@code ref} is a branch, tag or commit id
 * and may hold slashes, plain or percent-encoded ({@code feature%2Flogin}).
 */
@Singleton
public final class CommitStatusApi implements ApiResource {

  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");

  private final CommitStatusService statuses;
  private final UserService users;
  private final RepoLookup lookup;
  private final ApiConverter convert;

  @Inject
  CommitStatusApi(CommitStatusService statuses, UserService users, RepoLookup lookup, ApiConverter convert) {
    this.statuses = statuses;
    this.users = users;
    this.lookup = lookup;
    this.convert = convert;
  }

  @Override
  public void register(Router router) {
    router.add("POST", "/repos/{owner}/{repo}/statuses/{sha}", this::create)
        .add("GET", "/repos/{owner}/{repo}/statuses/{ref}", this::list)
        // A ref may hold slashes (feature/login, refs/heads/feature/login), as in Gitea.
        .add("GET", "/repos/{owner}/{repo}/commits/{ref*}/statuses", this::list)
        .add("GET", "/repos/{owner}/{repo}/commits/{ref*}/status", this::combined);
  }

  private ApiResult create(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call)
        .require(Permission.WRITE, "user should have a permission to write to a repo");
    ApiOptions.CreateStatus option = call.body(ApiOptions.CreateStatus.class);
    CommitStatus saved = statuses.create(users.get(login), view.repo(), call.param("sha"),
        new CommitStatusService.NewStatus(option.state(), option.targetUrl(), option.description(), option.context(),
            progress(option.progress())));
    return ApiResult.created(json(saved, view.repo(), call));
  }

  private ApiResult list(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    String sha = sha(view.repo(), call.param("ref"));
    Paging paging = Paging.of(call);
    CommitState state = call.query("state").flatMap(CommitState::of).orElse(null);
    Page<CommitStatus> page = statuses.list(view.repo(), sha, state,
        CommitStatusService.Sort.of(call.query("sort").orElse(null)), paging.page(), paging.limit());
    return paging.answerPage(call, page.items().stream().map(s -> json(s, view.repo(), call)).toList(),
        page.total(), true);
  }

  private ApiResult combined(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    String sha = sha(view.repo(), call.param("ref"));
    Paging paging = Paging.of(call);
    CommitStatusService.Combined c = statuses.combined(view.repo(), sha, paging.page(), paging.limit());
    String repoApi = call.apiUrl() + "/repos/" + view.repo().fullName();
    CombinedStatusJson body = new CombinedStatusJson(c.state().map(CommitState::wire).orElse(""), sha,
        c.totalCount(), c.statuses().stream().map(s -> json(s, view.repo(), call)).toList(),
        lookup.json(view.repo(), view.permission(), call.login()), repoApi + "/git/commits/" + sha,
        repoApi + "/commits/" + sha + "/status");
    return ApiResult.ok(body).header("X-Total-Count", Long.toString(c.totalCount()))
        .header("Access-Control-Expose-Headers", "X-Total-Count");
  }

  /**
   * The commit a read names: a full id is taken as it is (a commit without statuses lists
   * nothing), anything else must resolve as a branch, tag or abbreviated id (404 otherwise, in
   * Gitea's words).
   */
  private String sha(Repository repo, String ref) {
    if (FULL_SHA.matcher(ref).matches()) {
      return ref.toLowerCase(Locale.ROOT);
    }
    return statuses.resolve(repo, ref).orElseThrow(() -> ApiException.notFound("ref does not exist [ref: " + ref + "]"));
  }

  private static Integer progress(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiException.unprocessable("[Progress]: Range(0,100)");
    }
    return node.intValue();
  }

  private CommitStatusJson json(CommitStatus s, Repository repo, ApiCall call) {
    return new CommitStatusJson(s.id(), s.state().wire(), s.targetUrl(), s.description(),
        call.apiUrl() + "/repos/" + repo.fullName() + "/statuses/" + s.sha(), s.context(),
        convert.user(s.creator(), call.login()), ApiJson.time(s.created()), ApiJson.time(s.updated()), s.progress());
  }
}
