package dev.samplehost.server.rest;

import dev.samplehost.api.AccessControl;
import dev.samplehost.server.domain.NewAccessToken;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;

/** Users and personal access tokens: {@code /user}, {@code /users/{u}}, {@code /admin/users}. */
@Singleton
public final class UsersApi implements ApiResource {

  /** The Gitea API version this subset follows (what {@code GET /version} reports). */
  static final String GITEA_VERSION = "1.23.0";

  private static final Set<String> CATEGORIES = Set.of("activitypub", "admin", "issue", "misc",
      "notification", "organization", "package", "repository", "user");

  private final UserService users;
  private final AccessTokenService tokens;
  private final AccessControl access;
  private final ApiConverter convert;
  private final OrgService orgs;

  @Inject
  UsersApi(UserService users, AccessTokenService tokens, AccessControl access, ApiConverter convert, OrgService orgs) {
    this.orgs = orgs;
    this.users = users;
    this.tokens = tokens;
    this.access = access;
    this.convert = convert;
  }

  @Override
  public void register(Router router) {
    router.add("GET", "/user", this::current)
        .add("GET", "/users/{username}", this::get)
        .add("POST", "/admin/users", this::create)
        .add("POST", "/users/{username}/tokens", this::createToken)
        .add("GET", "/users/{username}/tokens", this::listTokens)
        .add("DELETE", "/users/{username}/tokens/{token}", this::deleteToken)
        .add("GET", "/user/orgs", this::myOrgs)
        .add("GET", "/version", call -> ApiResult.ok(java.util.Map.of("version", GITEA_VERSION)));
  }

  private ApiResult current(ApiCall call) {
    String login = call.requireLogin();
    return ApiResult.ok(convert.user(users.get(login), login));
  }

  private ApiResult get(ApiCall call) {
    String name = call.param("username");
    var user = users.find(name);
    if (user.isPresent()) {
      return ApiResult.ok(convert.user(user.get(), call.login()));
    }
    // Gitea answers organisations here too, rendered as users.
    return orgs.find(name).filter(o -> access.canSeeOrganization(call.login(), o.name()))
        .map(o -> ApiResult.ok(convert.orgAsUser(o)))
        .orElseThrow(() -> ApiException.notFound("user does not exist [uid: 0, name: " + name + "]"));
  }

  private ApiResult create(ApiCall call) {
    String login = call.requireLogin();
    if (!access.isAdmin(login)) {
      throw ApiException.forbidden("user should be the site admin");
    }
    ApiOptions.CreateUser option = call.body(ApiOptions.CreateUser.class);
    if (blank(option.username())) {
      throw ApiException.required("Username");
    }
    if (blank(option.email())) {
      throw ApiException.required("Email");
    }
    if (blank(option.password())) {
      throw ApiException.badRequest("password is required for a local account");
    }
    // The host has no "must change password" state; such users simply keep their password.
    User created = users.create(option.username(), option.password(), option.email(),
        option.fullName(), false);
    return ApiResult.created(convert.user(created, login));
  }

  private ApiResult createToken(ApiCall call) {
    User owner = tokenOwner(call);
    ApiOptions.CreateToken option = call.body(ApiOptions.CreateToken.class);
    if (blank(option.name())) {
      throw ApiException.required("Name");
    }
    List<String> scopes = option.scopes() == null ? List.of()
        : option.scopes().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (scopes.isEmpty()) {
      throw ApiException.badRequest("access token must have a scope");
    }
    for (String scope : scopes) {
      if (!validScope(scope)) {
        throw ApiException.badRequest("invalid access token scope provided: " + scope);
      }
    }
    NewAccessToken token = tokens.createToken(owner, option.name().trim(), scopes);
    return ApiResult.created(convert.token(token.token(), token.plaintext()));
  }

  private ApiResult listTokens(ApiCall call) {
    User owner = tokenOwner(call);
    return Paging.of(call).answer(call,
        tokens.tokens(owner).stream().map(t -> convert.token(t, null)).toList(), false);
  }

  /** Token routes need Basic auth with a password, by the user themself or a site admin. */
  private ApiResult deleteToken(ApiCall call) {
    User owner = tokenOwner(call);
    tokens.deleteToken(owner, call.param("token"));
    return ApiResult.noContent();
  }

  private ApiResult myOrgs(ApiCall call) {
    User me = users.get(call.requireLogin());
    return Paging.of(call).answer(call, orgs.organizationsOf(me).stream().map(convert::organization).toList(), false);
  }

  private User tokenOwner(ApiCall call) {
    if (call.login() == null || !call.basicPassword()) {
      throw ApiException.unauthorized("auth required");
    }
    User owner = users.find(call.param("username")).orElseThrow(ApiException::notFound);
    if (!owner.login().equalsIgnoreCase(call.login()) && !access.isAdmin(call.login())) {
      throw ApiException.forbidden("user should be the owner of the token or a site admin");
    }
    return owner;
  }

  static boolean validScope(String scope) {
    if (scope.equals("all") || scope.equals("public-only")) {
      return true;
    }
    int colon = scope.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String level = scope.substring(0, colon);
    return (level.equals("read") || level.equals("write")) && CATEGORIES.contains(scope.substring(colon + 1));
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
