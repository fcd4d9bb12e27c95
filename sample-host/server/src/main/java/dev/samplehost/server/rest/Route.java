package dev.samplehost.server.rest;

/** One API operation, e.g. {@code GET /repos/{owner}/{repo}}. */
@FunctionalInterface
public interface Route {

  /** Serves {@code call}; throws {@link ApiException} for Gitea-style error answers. */
  ApiResult handle(ApiCall call) throws Exception;
}
