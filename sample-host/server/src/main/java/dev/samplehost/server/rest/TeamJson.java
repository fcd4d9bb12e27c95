package dev.samplehost.server.rest;

import java.util.List;
import java.util.Map;

/** Gitea's {@code Team}. */
public record TeamJson(
    long id, String name, String description, OrganizationJson organization, String permission,
    List<String> units, Map<String, String> unitsMap, boolean includesAllRepositories,
    boolean canCreateOrgRepo) {}
