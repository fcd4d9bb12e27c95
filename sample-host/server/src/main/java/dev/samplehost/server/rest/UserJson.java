package dev.samplehost.server.rest;

import java.time.OffsetDateTime;

/** Gitea's {@code User} (also used for owners and organisations shown as users). */
public record UserJson(
    long id, String login, String username, String loginName, long sourceId, String fullName,
    String email, String avatarUrl, String htmlUrl, String language, boolean isAdmin,
    OffsetDateTime lastLogin, OffsetDateTime created, boolean restricted, boolean active,
    boolean prohibitLogin, String location, String website, String description, String visibility,
    int followersCount, int followingCount, int starredReposCount) {}
