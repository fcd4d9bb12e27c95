package dev.samplehost.server.rest;

/** Gitea's {@code RepoCollaboratorPermission}. */
public record RepoPermissionJson(String permission, String roleName, UserJson user) {}
