package dev.samplehost.server.rest;

import dev.samplehost.api.Scopes;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.RepoService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Gitea's {@code public-only} token scope on {@code /api/v1}: such a token reaches public
 * repositories and public organisations only. A private repository or a non-public organisation
 * is answered 404, exactly like a missing one (Gitea says 403; 404 does not confirm the name), and
 * list answers drop private repositories, non-public organisations and issues of private
 * repositories.
 */
@Singleton
final class PublicOnlyGuard {

  private final RepoService repos;
  private final OrgService orgs;

  @Inject
  PublicOnlyGuard(RepoService repos, OrgService orgs) {
    this.repos = repos;
    this.orgs = orgs;
  }

  /** 404 when {@code scopes} is public-only and {@code path} (below /api/v1) names something private. */
  void check(Scopes scopes, String path) {
    if (scopes == null || !scopes.publicOnly()) {
      return;
    }
    String[] parts = path.split("/");
    if (parts.length >= 4 && parts[1].equals("repos") && !isSearch(parts)) {
      if (!publicRepo(parts[2], parts[3])) {
        throw ApiException.notFound();
      }
    }
    if (parts.length >= 3 && (parts[1].equals("orgs") || parts[1].equals("org"))) {
      if (!publicOrg(parts[2])) {
        throw ApiException.notFound();
      }
    }
  }

  /** The answer with private entries dropped from a list body when {@code scopes} is public-only. */
  ApiResult filter(Scopes scopes, ApiResult result) {
    if (scopes == null || !scopes.publicOnly() || !(result.body() instanceof List<?> list)) {
      return result;
    }
    List<?> kept = list.stream().filter(this::isPublic).toList();
    if (kept.size() == list.size()) {
      return result;
    }
    return new ApiResult(result.status(), kept, result.headers());
  }

  private boolean isPublic(Object item) {
    if (item instanceof RepositoryJson r) {
      return !r.isPrivate();
    }
    if (item instanceof OrganizationJson o) {
      return "public".equals(o.visibility());
    }
    if (item instanceof IssueJson i && i.repository() != null) {
      return publicRepo(i.repository().owner(), i.repository().name());
    }
    return true;
  }

  private static boolean isSearch(String[] parts) {
    return parts[2].equals("search") || (parts[2].equals("issues") && parts[3].equals("search"));
  }

  private boolean publicRepo(String owner, String name) {
    Optional<Repository> repo = repos.find(owner, name);
    return repo.isPresent() && !repo.get().isPrivate();
  }

  private boolean publicOrg(String name) {
    return orgs.find(name).map(o -> "public".equals(o.visibility())).orElse(true);
  }
}
