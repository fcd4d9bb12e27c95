package dev.samplehost.server.domain;

import dev.samplehost.api.Permission;

/** A user given explicit access (READ, WRITE or ADMIN) to a repository. */
public record Collaborator(User user, Permission permission) {}
