package dev.samplehost.server.rest;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Branch;
import dev.samplehost.server.domain.Organization;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Team;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.NotFoundException;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.TeamService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;

/** Repositories, collaborators and branches: {@code /user/repos}, {@code /orgs/{org}/repos}, {@code /repos/{o}/{r}...}. */
@Singleton
public final class ReposApi implements ApiResource {

  private final RepoService repos;
  private final UserService users;
  private final OrgService orgs;
  private final TeamService teams;
  private final AccessControl access;
  private final RepoLookup lookup;
  private final ApiConverter convert;

  @Inject
  ReposApi(RepoService repos, UserService users, OrgService orgs, TeamService teams, AccessControl access,
      RepoLookup lookup, ApiConverter convert) {
    this.teams = teams;
    this.repos = repos;
    this.users = users;
    this.orgs = orgs;
    this.access = access;
    this.lookup = lookup;
    this.convert = convert;
  }

  @Override
  public void register(Router router) {
    router.add("POST", "/user/repos", this::createForUser)
        .add("GET", "/user/repos", this::listMine)
        .add("GET", "/users/{username}/repos", this::listOfOwner)
        .add("GET", "/orgs/{org}/repos", this::listOfOwner)
        .add("POST", "/orgs/{org}/repos", this::createForOrg)
        .add("POST", "/org/{org}/repos", this::createForOrg)
        .add("GET", "/repos/{owner}/{repo}", this::get)
        .add("DELETE", "/repos/{owner}/{repo}", this::delete)
        .add("GET", "/repos/{owner}/{repo}/collaborators", this::collaborators)
        .add("GET", "/repos/{owner}/{repo}/collaborators/{collaborator}", this::isCollaborator)
        .add("PUT", "/repos/{owner}/{repo}/collaborators/{collaborator}", this::addCollaborator)
        .add("DELETE", "/repos/{owner}/{repo}/collaborators/{collaborator}", this::removeCollaborator)
        .add("GET", "/repos/{owner}/{repo}/collaborators/{collaborator}/permission", this::permission)
        .add("GET", "/repos/{owner}/{repo}/branches", this::branches)
        .add("GET", "/repos/{owner}/{repo}/branches/{branch*}", this::branch);
  }

  private ApiResult createForUser(ApiCall call) {
    User actor = users.get(call.requireLogin());
    return create(call, actor, actor.login());
  }

  private ApiResult createForOrg(ApiCall call) {
    String login = call.requireLogin();
    Organization org = orgs.find(call.param("org")).orElseThrow(ApiException::notFound);
    if (!access.canSeeOrganization(login, org.name())) {
      throw ApiException.notFound();
    }
    boolean allowed = access.isAdmin(login) || orgs.isOwner(org.name(), login)
        || teams.teams(org.name()).stream().filter(Team::canCreateOrgRepo)
            .anyMatch(t -> teams.teamMembers(t.id()).stream().anyMatch(u -> u.login().equalsIgnoreCase(login)));
    if (!allowed) {
      throw ApiException.forbidden("Given user is not allowed to create repository in organization " + org.name() + ".");
    }
    return create(call, users.get(login), org.name());
  }

  private ApiResult create(ApiCall call, User actor, String owner) {
    ApiOptions.CreateRepo option = call.body(ApiOptions.CreateRepo.class);
    if (UsersApi.blank(option.name())) {
      throw ApiException.required("Name");
    }
    if (option.description() != null && option.description().length() > 2048) {
      throw ApiException.unprocessable("[Description]: MaxSize(2048)");
    }
    Repository repo = repos.create(actor, owner, option.name().trim(), option.description(),
        Boolean.TRUE.equals(option.isPrivate()), Boolean.TRUE.equals(option.autoInit()),
        option.defaultBranch());
    return ApiResult.created(lookup.json(repo, repos.permission(actor.login(), repo), actor.login()));
  }

  private ApiResult listMine(ApiCall call) {
    String login = call.requireLogin();
    User me = users.get(login);
    // Gitea: repositories the caller owns or may access (collaborations, teams), not every public one.
    List<RepositoryJson> list = repos.listVisibleTo(login).stream()
        .filter(r -> r.owner().equalsIgnoreCase(login) || repos.permission(login, r).atLeast(Permission.WRITE)
            || repos.collaborator(r, me).isPresent()
            || (r.ownerIsOrganization() && orgs.isMember(r.owner(), login)))
        .map(r -> lookup.json(r, repos.permission(login, r), login)).toList();
    return Paging.of(call).answer(call, list, false);
  }

  private ApiResult listOfOwner(ApiCall call) {
    String owner = call.path().startsWith("/orgs/") ? call.param("org") : call.param("username");
    boolean exists = call.path().startsWith("/orgs/")
        ? orgs.find(owner).filter(o -> access.canSeeOrganization(call.login(), o.name())).isPresent()
        : users.find(owner).isPresent();
    if (!exists) {
      throw ApiException.notFound();
    }
    String login = call.login();
    List<RepositoryJson> list = repos.listByOwner(owner).stream()
        .filter(r -> repos.permission(login, r).atLeast(Permission.READ))
        .map(r -> lookup.json(r, repos.permission(login, r), login)).toList();
    return Paging.of(call).answer(call, list, false);
  }

  private ApiResult get(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    return ApiResult.ok(lookup.json(view.repo(), view.permission(), call.login()));
  }

  private ApiResult delete(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call).require(Permission.OWNER, "user should be the owner of the repo");
    repos.delete(users.get(login), view.repo());
    return ApiResult.noContent();
  }

  private ApiResult collaborators(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    List<UserJson> list = repos.collaborators(view.repo()).stream().map(c -> convert.user(c.user(), login)).toList();
    return Paging.of(call).answer(call, list, false);
  }

  private ApiResult isCollaborator(ApiCall call) {
    call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    User user = existingUser(call.param("collaborator"));
    if (repos.collaborator(view.repo(), user).isEmpty()) {
      throw ApiException.notFound();
    }
    return ApiResult.noContent();
  }

  private ApiResult addCollaborator(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call).require(Permission.ADMIN, "user should be an admin of the repo");
    User user = existingUser(call.param("collaborator"));
    ApiOptions.AddCollaborator option = call.body(ApiOptions.AddCollaborator.class);
    String level = option.permission() == null || option.permission().isBlank()
        ? "write" : option.permission().trim().toLowerCase(Locale.ROOT);
    Permission permission = switch (level) {
      case "read" -> Permission.READ;
      case "write" -> Permission.WRITE;
      case "admin" -> Permission.ADMIN;
      default -> throw ApiException.unprocessable("[Permission]: In");
    };
    repos.addCollaborator(users.get(login), view.repo(), user, permission);
    return ApiResult.noContent();
  }

  private ApiResult removeCollaborator(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call).require(Permission.ADMIN, "user should be an admin of the repo");
    User user = existingUser(call.param("collaborator"));
    try {
      repos.removeCollaborator(users.get(login), view.repo(), user);
    } catch (NotFoundException notACollaborator) {
      // Gitea answers 204 when there was nothing to remove.
    }
    return ApiResult.noContent();
  }

  private ApiResult permission(ApiCall call) {
    String login = call.requireLogin();
    RepoLookup.RepoView view = lookup.readable(call);
    User user = users.find(call.param("collaborator")).orElseThrow(() -> ApiException.notFound(
        "user does not exist [uid: 0, name: " + call.param("collaborator") + "]"));
    if (!user.login().equalsIgnoreCase(login) && !view.permission().atLeast(Permission.ADMIN)) {
      throw ApiException.forbidden("Only admins can query all permissions, repo admins can query all repo permissions, collaborators can query only their own");
    }
    String level = repos.permission(user.login(), view.repo()).name().toLowerCase(Locale.ROOT);
    return ApiResult.ok(new RepoPermissionJson(level, level, convert.user(user, login)));
  }

  private ApiResult branches(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    boolean canPush = view.permission().atLeast(Permission.WRITE);
    List<BranchJson> list = repos.branches(view.repo()).stream()
        .map(b -> convert.branch(b, view.repo(), canPush)).toList();
    return Paging.of(call).answer(call, list, true);
  }

  private ApiResult branch(ApiCall call) {
    RepoLookup.RepoView view = lookup.readable(call);
    Branch branch = repos.branch(view.repo(), call.param("branch")).orElseThrow(() -> ApiException.notFound(
        "branch does not exist [name: " + call.param("branch") + "]"));
    return ApiResult.ok(convert.branch(branch, view.repo(), view.permission().atLeast(Permission.WRITE)));
  }

  private User existingUser(String login) {
    return users.find(login).orElseThrow(() -> ApiException.unprocessable(
        "user does not exist [uid: 0, name: " + login + "]"));
  }
}
