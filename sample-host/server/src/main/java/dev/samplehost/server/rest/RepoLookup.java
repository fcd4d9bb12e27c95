package dev.samplehost.server.rest;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.service.IssueSearch;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Finds the repository of a {@code /repos/{owner}/{repo}} call as the caller may see it: a
 * repository the caller cannot read is answered 404, exactly like a missing one.
 */
@Singleton
public final class RepoLookup {

  private final RepoService repos;
  private final UserService users;
  private final OrgService orgs;
  private final ApiConverter convert;
  private final IssueSearch issues;

  /** A repository and the caller's access to it. */
  public record RepoView(Repository repo, Permission permission) {

    /** 403 with {@code message} unless the caller has at least {@code needed}. */
    public RepoView require(Permission needed, String message) {
      if (!permission.atLeast(needed)) {
        throw ApiException.forbidden(message);
      }
      return this;
    }
  }

  @Inject
  RepoLookup(RepoService repos, UserService users, OrgService orgs, ApiConverter convert,
      IssueSearch issues) {
    this.issues = issues;
    this.repos = repos;
    this.users = users;
    this.orgs = orgs;
    this.convert = convert;
  }

  /** The repository named by the call's {@code owner} and {@code repo} path variables; 404 if unreadable. */
  public RepoView readable(ApiCall call) {
    Repository repo = repos.find(call.param("owner"), call.param("repo")).orElseThrow(ApiException::notFound);
    Permission permission = repos.permission(call.login(), repo);
    if (!permission.atLeast(Permission.READ)) {
      throw ApiException.notFound();
    }
    return new RepoView(repo, permission);
  }

  /** The access {@code login} has to {@code repo}. */
  public Permission permission(String login, Repository repo) {
    return repos.permission(login, repo);
  }

  /** The repository's owner rendered as a Gitea {@code User} (organisations too). */
  public UserJson owner(Repository repo, String viewer) {
    if (repo.ownerIsOrganization()) {
      return orgs.find(repo.owner()).map(convert::orgAsUser).orElse(null);
    }
    return users.find(repo.owner()).map(u -> convert.user(u, viewer)).orElse(null);
  }

  /** The full Gitea {@code Repository} JSON; {@code permission} null omits {@code permissions}. */
  public RepositoryJson json(Repository repo, Permission permission, String viewer) {
    return convert.repository(repo, owner(repo, viewer), permission, repos.isEmpty(repo),
        openCount(repo, false), openCount(repo, true));
  }

  private int openCount(Repository repo, boolean pulls) {
    IssueFilter filter = IssueFilter.open().withPulls(pulls).withPage(1, 1);
    return (int) Math.min(Integer.MAX_VALUE, issues.list(repo, filter).total());
  }
}
