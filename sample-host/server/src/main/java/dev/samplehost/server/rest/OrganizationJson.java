package dev.samplehost.server.rest;

/** Gitea's {@code Organization}. */
public record OrganizationJson(
    long id, String name, String username, String fullName, String email, String avatarUrl,
    String description, String website, String location, String visibility,
    boolean repoAdminChangeTeamAccess) {}
