/**
 * The host's REST API v1, a subset of Gitea's: users and tokens, organisations and teams,
 * repositories, collaborators, branches, issues, comments, pull requests, reviews and merging.
 *
 * <p>{@link dev.samplehost.server.rest.ApiV1Handler} is mounted at {@code /api/v1}; it routes with
 * {@link dev.samplehost.server.rest.Router} to one class per resource group ({@code *Api}), which
 * call HOST-CORE's services and render Gitea's JSON through
 * {@link dev.samplehost.server.rest.ApiConverter}. Requests it does not route go to the plugins'
 * API routes (e.g. notifications), then 404.
 */
package dev.samplehost.server.rest;
