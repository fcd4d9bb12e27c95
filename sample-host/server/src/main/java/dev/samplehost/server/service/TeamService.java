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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Teams of organisations and their members. A user is a member of an organisation while they are in
 * one of its teams, so joining the first team or leaving the last one fires the organisation's
 * member event. Authorisation is the caller's job.
 */
@Singleton
public class TeamService {
  private static final Set<String> TEAM_PERMISSIONS = Set.of("read", "write", "admin");
  private static final String TEAM_COLUMNS =
      "t.id, t.org_id, o.name, t.name, t.description, t.permission, t.includes_all_repositories, "
          + "t.can_create_org_repo, t.units";
  private final Database db;
  private final HostAccessControl access;
  private final HostEventBus events;

  @Inject
  TeamService(Database db, HostAccessControl access, HostEventBus events) {
    this.db = db;
    this.access = access;
    this.events = events;
  }

  /** Teams of {@code org}, Owners first. */
  public List<Team> teams(String org) {
    return db.read(sql -> sql.list(
        "SELECT " + TEAM_COLUMNS + " FROM teams t JOIN accounts o ON o.id = t.org_id "
            + "WHERE o.name = ? AND o.kind = 'org' ORDER BY (t.permission = 'owner') DESC, t.name",
        TeamService::team, org));
  }

  /** The team with this id, if any. */
  public Optional<Team> team(long id) {
    return db.read(sql -> sql.one(
        "SELECT " + TEAM_COLUMNS + " FROM teams t JOIN accounts o ON o.id = t.org_id WHERE t.id = ?",
        TeamService::team, id));
  }

  /** Creates a team in {@code o}; 422 for a bad or duplicate name or permission. */
  public Team createTeam(Organization o, String name, String description, String permission,
      List<String> units, boolean includesAllRepositories, boolean canCreateOrgRepo) {
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
          o.id(), name, description == null ? "" : description, perm, includesAllRepositories, canCreateOrgRepo,
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

  /** Fires the organisation member event (also for {@link OrgService#removeMember}). */
  void fireMember(OrganizationMemberEvent.Action action, User actor, String org, User member) {
    OrganizationMemberEvent event = new OrganizationMemberEvent(
        action, actor == null ? null : actor.toRef(), org, member.toRef());
    events.fire(l -> l.onOrganizationMember(event));
  }

  /** Whether {@code userId} is the only member of the organisation's Owners team. */
  static boolean isLastOwner(Sql sql, long orgId, long userId) throws SQLException {
    long owners = sql.number(
        "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE t.org_id = ? AND t.permission = 'owner'",
        orgId);
    long isOwner = sql.number(
        "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id "
            + "WHERE t.org_id = ? AND t.permission = 'owner' AND tm.user_id = ?",
        orgId, userId);
    return isOwner > 0 && owners <= 1;
  }

  private static Team team(java.sql.ResultSet rs) throws SQLException {
    return new Team(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getInt(7) != 0, rs.getInt(8) != 0, Rows.split(rs.getString(9)));
  }

}
