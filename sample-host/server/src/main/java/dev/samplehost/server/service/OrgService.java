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
 * Organisations and who belongs to them. Membership is team membership (Gitea's model, the teams are
 * {@link TeamService}'s): creating an organisation makes an {@code Owners} team holding the creator.
 * Authorisation is the caller's job.
 */
@Singleton
public class OrgService {
  private static final Set<String> VISIBILITIES = Set.of("public", "limited", "private");
  private static final String ORG_COLUMNS =
      "id, name, full_name, email, description, website, location, visibility, created";
  private final Database db;
  private final HostAccessControl access;
  private final HostEventBus events;
  private final TeamService teams;

  @Inject
  OrgService(Database db, HostAccessControl access, HostEventBus events, TeamService teams) {
    this.db = db;
    this.access = access;
    this.events = events;
    this.teams = teams;
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
    Team owners = teams.teams(org).stream().filter(Team::isOwners).findFirst()
        .orElseThrow(() -> new NotFoundException("org does not exist [name: " + org + "]"));
    teams.addTeamMember(actor, owners.id(), user);
  }

  /** Removes {@code user} from every team of {@code org}; 404 if not a member. */
  public void removeMember(User actor, String org, User user) {
    Organization o = get(org);
    int removed = db.tx(sql -> {
      if (TeamService.isLastOwner(sql, o.id(), user.id())) {
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
    teams.fireMember(OrganizationMemberEvent.Action.REMOVED, actor, o.name(), user);
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

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
