package dev.samplehost.server.rest;

import com.google.inject.AbstractModule;

/** Binds the host's Gitea-compatible REST API v1 (the handler HOST-CORE mounts at {@code /api/v1}). */
public final class RestModule extends AbstractModule {

  @Override
  protected void configure() {
    // Explicit bindings, so the module also works in an injector that requires them.
    bind(ApiJson.class);
    bind(ApiAuth.class);
    bind(PublicOnlyGuard.class);
    bind(ApiConverter.class);
    bind(RepoLookup.class);
    bind(IssueRenderer.class);
    bind(PullGitInfo.class);
    bind(PullRenderer.class);
    bind(UsersApi.class);
    bind(OrgsApi.class);
    bind(ReposApi.class);
    bind(IssuesApi.class);
    bind(PullsApi.class);
    bind(ReviewsApi.class);
    bind(CommitStatusApi.class);
    bind(ApiResources.class);
    bind(ApiV1Handler.class);
  }
}
