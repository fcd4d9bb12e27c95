package dev.samplehost.server.service;

import dev.samplehost.api.events.OrganizationMemberEvent;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.db.Sql;
import dev.samplehost.server.domain.Organization;
import dev.samplehost.server.domain.Team;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Organisations and their teams. Membership is team membership (Gitea's model): creating an
 * organisation makes an {@code Owners} team holding the creator. Authorisation is the caller's job.
 */
@Singleton
public class OrgService {
  private static final Set<String> VISIBILITIES = Set.of("public", "limited", "private");
  private static final Set<String> TEAM_PERMISSIONS = Set.of("read", "write", "admin");
  private static final String ORG_COLUMNS =
      "id, name, full_name, email, description, website, location, visibility, created";
  private static final String TEAM_COLUMNS =
      "t.id, t.org_id, o.name, t.name, t.description, t.permission, t.includes_all_repositories, "
          + "t.can_create_org_repo, t.units";
  private final Database db;
  private final HostAccessControl access;
  private final HostEventBus events;

  @Inject
  OrgService(Database db, HostAccessControl access, HostEventBus events) {
    this.db = db;
    this.access = access;
    this.events = events;
  }

  /** Creates an organisation with an Owners team containing {@code creator}. */
  public Organization create(
      User creator, String name, String fullName, String description, String visibility) {
    Names.account("UserName", name);
    String vis = visibility == null || visibility.isBlank() ? "public" : visibility.toLowerCase(Locale.ROOT);
    if (!VISIBILITIES.contains(vis)) {
      throw new ValidationException("Visibility", "In");
    }
    Organization org = db.tx(sql -> {
      if (sql.number("SELECT COUNT(*) FROM accounts WHERE name = ?", name) > 0) {
        throw new ValidationException("user already exists [name: " + name + "]");
      }
      long now = Rows.now();
      long id = sql.insert(
          "INSERT INTO accounts (name, kind, full_name, description, visibility, created) VALUES (?, 'org', ?, ?, ?, ?)",
          name, nz(fullName), nz(description), vis, now);
      long team = sql.insert(
          "INSERT INTO teams (org_id, name, description, permission, includes_all_repositories, can_create_org_repo, units) "
              + "VALUES (?, ?, '', 'owner', 1, 1, ?)",
          id, Team.OWNERS, "repo.code,repo.issues,repo.pulls,repo.releases,repo.wiki,repo.projects");
      sql.insert("INSERT INTO team_members (team_id, user_id) VALUES (?, ?)", team, creator.id());
      return new Organization(id, name, nz(fullName), "", nz(description), "", "", vis, Instant.ofEpochMilli(now));
    });
    access.invalidate();
    events.fire(l -> l.onOrganizationMember(new OrganizationMemberEvent(
        OrganizationMemberEvent.Action.ADDED, creator.toRef(), org.name(), creator.toRef())));
    return org;
  }

  /** The organisation with this name, if any. */
  public Optional<Organization> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return db.read(sql -> sql.one(
        "SELECT " + ORG_COLUMNS + " FROM accounts WHERE name = ? AND kind = 'org'", OrgService::org, name));
  }

  /** The organisation, or 404. */
  public Organization get(String name) {
    return find(name).orElseThrow(() -> new NotFoundException("org does not exist [name: " + name + "]"));
  }

  /** Organisations {@code user} is a member of. */
  public List<Organization> organizationsOf(User user) {
    return db.read(sql -> sql.list(
        "SELECT DISTINCT o.id, o.name, o.full_name, o.email, o.description, o.website, o.location, o.visibility, o.created "
            + "FROM accounts o JOIN teams t ON t.org_id = o.id JOIN team_members tm ON tm.team_id = t.id "
            + "WHERE tm.user_id = ? ORDER BY o.name",
        OrgService::org, user.id()));
  }

  /** Updates descriptive fields (null keeps a value). */
  public Organization update(Organization org, String fullName, String description, String website,
      String location, String visibility) {
    if (visibility != null && !VISIBILITIES.contains(visibility)) {
      throw new ValidationException("Visibility", "In");
    }
    db.tx(sql -> sql.update(
        "UPDATE accounts SET full_name = COALESCE(?, full_name), description = COALESCE(?, description), "
            + "website = COALESCE(?, website), location = COALESCE(?, location), visibility = COALESCE(?, visibility) "
            + "WHERE id = ?",
        fullName, description, website, location, visibility, org.id()));
    access.invalidate();
    return get(org.name());
  }

  /** Members (of any team), by login. */
  public List<User> members(String org) {
    return db.read(sql -> sql.list(
        "SELECT DISTINCT " + Rows.USER_COLUMNS + " FROM accounts a JOIN team_members tm ON tm.user_id = a.id "
            + "JOIN teams t ON t.id = tm.team_id JOIN accounts o ON o.id = t.org_id "
            + "WHERE o.name = ? AND o.kind = 'org' ORDER BY a.name",
        Rows.USER, org));
  }

  /** Whether {@code login} belongs to any team of {@code org}. */
  public boolean isMember(String org, String login) {
    if (login == null) {
      return false;
    }
    return db.read(sql -> memberCount(sql, org, login, false) > 0);
  }

  /** Whether {@code login} is in the Owners team of {@code org}. */
  public boolean isOwner(String org, String login) {
    if (login == null) {
      return false;
    }
    return db.read(sql -> memberCount(sql, org, login, true) > 0);
  }

  /** Adds {@code user} to the Owners team (the minimal "add member"); no-op if already in it. */
  public void addMember(User actor, String org, User user) {
    Team owners = teams(org).stream().filter(Team::isOwners).findFirst()
        .orElseThrow(() -> new NotFoundException("org does not exist [name: " + org + "]"));
    addTeamMember(actor, owners.id(), user);
  }

  /** Removes {@code user} from every team of {@code org}; 404 if not a member. */
  public void removeMember(User actor, String org, User user) {
    Organization o = get(org);
    int removed = db.tx(sql -> {
      if (isLastOwner(sql, o.id(), user.id())) {
        throw new ConflictException("cannot remove the last owner of " + org);
      }
      return sql.update(
          "DELETE FROM team_members WHERE user_id = ? AND team_id IN (SELECT id FROM teams WHERE org_id = ?)",
          user.id(), o.id());
    });
    if (removed == 0) {
      throw new NotFoundException("user is not a member of " + org);
    }
    access.invalidate();
    fireMember(OrganizationMemberEvent.Action.REMOVED, actor, o.name(), user);
  }

  /** Teams of {@code org}, Owners first. */
  public List<Team> teams(String org) {
    return db.read(sql -> sql.list(
        "SELECT " + TEAM_COLUMNS + " FROM teams t JOIN accounts o ON o.id = t.org_id "
            + "WHERE o.name = ? AND o.kind = 'org' ORDER BY (t.permission = 'owner') DESC, t.name",
        OrgService::team, org));
  }

  /** The team with this id, if any. */
  public Optional<Team> team(long id) {
    return db.read(sql -> sql.one(
        "SELECT " + TEAM_COLUMNS + " FROM teams t JOIN accounts o ON o.id = t.org_id WHERE t.id = ?",
        OrgService::team, id));
  }

  /** Creates a team; 422 for a bad or duplicate name or permission. */
  public Team createTeam(String org, String name, String description, String permission,
      List<String> units, boolean includesAllRepositories, boolean canCreateOrgRepo) {
    Organization o = get(org);
    if (name == null || name.isBlank()) {
      throw new ValidationException("Name", "Required");
    }
    String perm = permission == null || permission.isBlank() ? "read" : permission.toLowerCase(Locale.ROOT);
    if (!TEAM_PERMISSIONS.contains(perm)) {
      throw new ValidationException("Permission", "In");
    }
    long id = db.tx(sql -> {
      if (sql.number("SELECT COUNT(*) FROM teams WHERE org_id = ? AND name = ?", o.id(), name) > 0) {
        throw new ValidationException("team already exists [org_id: " + o.id() + ", name: " + name + "]");
      }
      return sql.insert(
          "INSERT INTO teams (org_id, name, description, permission, includes_all_repositories, can_create_org_repo, units) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?)",
          o.id(), name, nz(description), perm, includesAllRepositories, canCreateOrgRepo,
          units == null ? "" : String.join(",", units));
    });
    access.invalidate();
    return team(id).orElseThrow();
  }

  /** Members of one team. */
  public List<User> teamMembers(long teamId) {
    return db.read(sql -> sql.list(
        "SELECT " + Rows.USER_COLUMNS + " FROM accounts a JOIN team_members tm ON tm.user_id = a.id "
            + "WHERE tm.team_id = ? ORDER BY a.name",
        Rows.USER, teamId));
  }

  /** Adds {@code user} to a team; fires "member added" when they were not in the org before. */
  public void addTeamMember(User actor, long teamId, User user) {
    Team t = team(teamId).orElseThrow(() -> new NotFoundException("team does not exist [id: " + teamId + "]"));
    boolean newMember = db.tx(sql -> {
      boolean wasMember = sql.number(
          "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE t.org_id = ? AND tm.user_id = ?",
          t.orgId(), user.id()) > 0;
      sql.update("INSERT OR IGNORE INTO team_members (team_id, user_id) VALUES (?, ?)", teamId, user.id());
      return !wasMember;
    });
    access.invalidate();
    if (newMember) {
      fireMember(OrganizationMemberEvent.Action.ADDED, actor, t.organization(), user);
    }
  }

  /** Removes {@code user} from a team; fires "member removed" when it was their last team. */
  public void removeTeamMember(User actor, long teamId, User user) {
    Team t = team(teamId).orElseThrow(() -> new NotFoundException("team does not exist [id: " + teamId + "]"));
    boolean leftOrg = db.tx(sql -> {
      if (t.isOwners() && isLastOwner(sql, t.orgId(), user.id())) {
        throw new ConflictException("cannot remove the last owner of " + t.organization());
      }
      int removed = sql.update("DELETE FROM team_members WHERE team_id = ? AND user_id = ?", teamId, user.id());
      if (removed == 0) {
        throw new NotFoundException("user is not a member of team " + t.name());
      }
      return sql.number(
          "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE t.org_id = ? AND tm.user_id = ?",
          t.orgId(), user.id()) == 0;
    });
    access.invalidate();
    if (leftOrg) {
      fireMember(OrganizationMemberEvent.Action.REMOVED, actor, t.organization(), user);
    }
  }

  private void fireMember(OrganizationMemberEvent.Action action, User actor, String org, User member) {
    OrganizationMemberEvent event = new OrganizationMemberEvent(
        action, actor == null ? null : actor.toRef(), org, member.toRef());
    events.fire(l -> l.onOrganizationMember(event));
  }

  private static boolean isLastOwner(Sql sql, long orgId, long userId) throws SQLException {
    long owners = sql.number(
        "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE t.org_id = ? AND t.permission = 'owner'",
        orgId);
    long isOwner = sql.number(
        "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id "
            + "WHERE t.org_id = ? AND t.permission = 'owner' AND tm.user_id = ?",
        orgId, userId);
    return isOwner > 0 && owners <= 1;
  }

  private static long memberCount(Sql sql, String org, String login, boolean ownersOnly) throws SQLException {
    return sql.number(
        "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id "
            + "JOIN accounts o ON o.id = t.org_id JOIN accounts u ON u.id = tm.user_id "
            + "WHERE o.name = ? AND u.name = ?" + (ownersOnly ? " AND t.permission = 'owner'" : ""),
        org, login);
  }

  private static Organization org(java.sql.ResultSet rs) throws SQLException {
    return new Organization(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
        Instant.ofEpochMilli(rs.getLong(9)));
  }

  private static Team team(java.sql.ResultSet rs) throws SQLException {
    return new Team(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) != 0, rs.getInt(8) != 0, Rows.split(rs.getString(9)));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
