package dev.samplehost.server.domain;

import java.util.List;

/** A team of an organisation; membership of any team makes a user an org member (Gitea's model). */
public record Team(
    long id, long orgId, String organization, String name, String description, String permission,
    boolean includesAllRepositories, boolean canCreateOrgRepo, List<String> units) {

  /** Name of the team created with every organisation; its members own the organisation. */
  public static final String OWNERS = "Owners";

  /** Whether this is the organisation's Owners team. */
  public boolean isOwners() {
    return "owner".equals(permission);
  }
}
