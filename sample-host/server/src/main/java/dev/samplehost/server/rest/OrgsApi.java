package dev.samplehost.server.rest;

import dev.samplehost.api.AccessControl;
import dev.samplehost.server.domain.Organization;
import dev.samplehost.server.domain.Team;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.TeamService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Organisations, their members and teams: {@code /orgs/...} and {@code /teams/{id}/members}. */
@Singleton
public final class OrgsApi implements ApiResource {

  private final OrgService orgs;
  private final TeamService teams;
  private final UserService users;
  private final AccessControl access;
  private final ApiConverter convert;

  @Inject
  OrgsApi(OrgService orgs, TeamService teams, UserService users, AccessControl access, ApiConverter convert) {
    this.orgs = orgs;
    this.teams = teams;
    this.users = users;
    this.access = access;
    this.convert = convert;
  }

  @Override
  public void register(Router router) {
    router.add("POST", "/orgs", this::create)
        .add("GET", "/orgs/{org}", this::get)
        .add("GET", "/orgs/{org}/members", this::members)
        .add("GET", "/orgs/{org}/members/{username}", this::isMember)
        .add("DELETE", "/orgs/{org}/members/{username}", this::removeMember)
        .add("GET", "/orgs/{org}/teams", this::teams)
        .add("POST", "/orgs/{org}/teams", this::createTeam)
        .add("GET", "/teams/{id}", this::team)
        .add("GET", "/teams/{id}/members", this::teamMembers)
        .add("PUT", "/teams/{id}/members/{username}", this::addTeamMember)
        .add("DELETE", "/teams/{id}/members/{username}", this::removeTeamMember);
  }

  private ApiResult create(ApiCall call) {
    User creator = users.get(call.requireLogin());
    ApiOptions.CreateOrg option = call.body(ApiOptions.CreateOrg.class);
    if (UsersApi.blank(option.username())) {
      throw ApiException.required("UserName");
    }
    Organization org = orgs.create(creator, option.username().trim(), option.fullName(),
        option.description(), option.visibility());
    if (option.website() != null || option.location() != null) {
      org = orgs.update(org, null, null, option.website(), option.location(), null);
    }
    return ApiResult.created(convert.organization(org));
  }

  private ApiResult get(ApiCall call) {
    return ApiResult.ok(convert.organization(visibleOrg(call)));
  }

  private ApiResult members(ApiCall call) {
    String login = call.requireLogin();
    Organization org = visibleOrg(call);
    // Gitea hides memberships from outsiders unless made public; this host has no public flag.
    List<User> members = isMemberOrAdmin(org, login) ? orgs.members(org.name()) : List.of();
    return Paging.of(call).answer(call, convert.users(members, login), false);
  }

  private ApiResult isMember(ApiCall call) {
    String login = call.requireLogin();
    Organization org = visibleOrg(call);
    String username = call.param("username");
    if (isMemberOrAdmin(org, login)) {
      return orgs.isMember(org.name(), username) ? ApiResult.noContent() : notFound();
    }
    if (username.equalsIgnoreCase(login)) {
      return notFound();
    }
    // Like Gitea: outsiders are sent to the public-membership check.
    return ApiResult.empty(302).header("Location",
        call.apiUrl() + "/orgs/" + org.name() + "/public_members/"
            + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
  }

  private ApiResult removeMember(ApiCall call) {
    String login = call.requireLogin();
    Organization org = visibleOrg(call);
    requireOwner(org, login);
    User user = users.find(call.param("username")).orElseThrow(ApiException::notFound);
    orgs.removeMember(users.get(login), org.name(), user);
    return ApiResult.noContent();
  }

  private ApiResult teams(ApiCall call) {
    String login = call.requireLogin();
    Organization org = visibleOrg(call);
    if (!isMemberOrAdmin(org, login)) {
      throw ApiException.forbidden("Must be an organization member");
    }
    List<TeamJson> json = teams.teams(org.name()).stream().map(t -> convert.team(t, org)).toList();
    return Paging.of(call).answer(call, json, false);
  }

  private ApiResult createTeam(ApiCall call) {
    String login = call.requireLogin();
    Organization org = visibleOrg(call);
    requireOwner(org, login);
    ApiOptions.CreateTeam option = call.body(ApiOptions.CreateTeam.class);
    if (UsersApi.blank(option.name())) {
      throw ApiException.required("Name");
    }
    List<String> units = option.units() == null ? new ArrayList<>() : new ArrayList<>(option.units());
    String permission = option.permission();
    if (option.unitsMap() != null && !option.unitsMap().isEmpty()) {
      // units_map wins over units + permission, like Gitea; the team gets its strongest unit level.
      units = new ArrayList<>(option.unitsMap().keySet());
      permission = strongest(option.unitsMap().values());
    }
    if ("owner".equalsIgnoreCase(permission)) {
      throw ApiException.unprocessable("[Permission]: In");
    }
    Team team = teams.createTeam(org, option.name().trim(), option.description(), permission, units,
        option.includesAllRepositories() == null || option.includesAllRepositories(),
        Boolean.TRUE.equals(option.canCreateOrgRepo()));
    return ApiResult.created(convert.team(team, org));
  }

  private ApiResult team(ApiCall call) {
    String login = call.requireLogin();
    Team team = visibleTeam(call, login);
    return ApiResult.ok(convert.team(team, orgs.get(team.organization())));
  }

  private ApiResult teamMembers(ApiCall call) {
    String login = call.requireLogin();
    Team team = visibleTeam(call, login);
    return Paging.of(call).answer(call, convert.users(teams.teamMembers(team.id()), login), false);
  }

  /** A team the caller may look at: members of its organisation and site admins. */
  private Team visibleTeam(ApiCall call, String login) {
    Team team = teams.team(call.longParam("id")).orElseThrow(ApiException::notFound);
    Organization org = orgs.find(team.organization()).orElseThrow(ApiException::notFound);
    if (!isMemberOrAdmin(org, login)) {
      throw ApiException.notFound();
    }
    return team;
  }

  private ApiResult addTeamMember(ApiCall call) {
    String login = call.requireLogin();
    Team team = teamFor(call, login);
    User user = users.find(call.param("username")).orElseThrow(ApiException::notFound);
    teams.addTeamMember(users.get(login), team.id(), user);
    return ApiResult.noContent();
  }

  private ApiResult removeTeamMember(ApiCall call) {
    String login = call.requireLogin();
    Team team = teamFor(call, login);
    User user = users.find(call.param("username")).orElseThrow(ApiException::notFound);
    teams.removeTeamMember(users.get(login), team.id(), user);
    return ApiResult.noContent();
  }

  private Team teamFor(ApiCall call, String login) {
    Team team = teams.team(call.longParam("id")).orElseThrow(ApiException::notFound);
    Organization org = orgs.find(team.organization()).orElseThrow(ApiException::notFound);
    if (!access.canSeeOrganization(login, org.name())) {
      throw ApiException.notFound();
    }
    requireOwner(org, login);
    return team;
  }

  private Organization visibleOrg(ApiCall call) {
    Organization org = orgs.find(call.param("org")).orElseThrow(ApiException::notFound);
    if (!access.canSeeOrganization(call.login(), org.name())) {
      throw ApiException.notFound();
    }
    return org;
  }

  private boolean isMemberOrAdmin(Organization org, String login) {
    return access.isAdmin(login) || orgs.isMember(org.name(), login);
  }

  private void requireOwner(Organization org, String login) {
    if (!access.isAdmin(login) && !orgs.isOwner(org.name(), login)) {
      throw ApiException.forbidden("Must be an organization owner");
    }
  }

  private static String strongest(java.util.Collection<String> levels) {
    String best = "read";
    for (String level : levels) {
      if ("admin".equalsIgnoreCase(level)) {
        return "admin";
      }
      if ("write".equalsIgnoreCase(level)) {
        best = "write";
      }
    }
    return best;
  }

  private static ApiResult notFound() {
    throw ApiException.notFound();
  }
}
