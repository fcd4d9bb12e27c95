package dev.samplehost.server.rest;

/** Gitea's {@code RepositoryMeta} inside an issue ({@code owner} is a login). */
public record RepoMetaJson(long id, String name, String owner, String fullName) {}
