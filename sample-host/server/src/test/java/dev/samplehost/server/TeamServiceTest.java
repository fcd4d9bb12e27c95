package dev.samplehost.server;

import dev.tidings.testing.support.HostTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.events.OrganizationMemberEvent;
import dev.samplehost.server.domain.Organization;
import dev.samplehost.server.domain.Team;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.ConflictException;
import dev.samplehost.server.service.NotFoundException;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.TeamService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.service.ValidationException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TeamService}: organisation member events fire on joining the first team and leaving the last one. */
@HostTest
class TeamServiceTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static TeamService teams;
  static OrgService orgs;
  static User alice;
  static User bob;
  static final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    teams = host.injector().getInstance(TeamService.class);
    orgs = host.injector().getInstance(OrgService.class);
    alice = host.injector().getInstance(UserService.class).get("alice");
    bob = host.injector().getInstance(UserService.class).get("bob");
    host.injector().getInstance(HostEvents.class).addListener(new HostEventListener() {
      @Override
      public void onOrganizationMember(OrganizationMemberEvent event) {
        events.add(event.action() + " " + event.organization() + " " + event.member().login());
      }
    });
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  @Test
  void memberEventsFollowTheFirstAndTheLastTeam() {
    Organization org = orgs.create(alice, "teamed", "", "", "public");
    Team devs = teams.createTeam(org, "devs", "", "write", List.of("repo.code"), true, false);
    Team docs = teams.createTeam(org, "docs", null, null, List.of(), false, false);
    assertThat(docs.permission()).isEqualTo("read");
    assertThat(teams.teams("teamed")).extracting(Team::name).containsExactly(Team.OWNERS, "devs", "docs");
    events.clear();

    teams.addTeamMember(alice, devs.id(), bob);
    teams.addTeamMember(alice, docs.id(), bob);
    assertThat(events).containsExactly("ADDED teamed bob");
    assertThat(teams.teamMembers(docs.id())).extracting(User::login).containsExactly("bob");

    teams.removeTeamMember(alice, devs.id(), bob);
    assertThat(events).containsExactly("ADDED teamed bob");
    teams.removeTeamMember(alice, docs.id(), bob);
    assertThat(events).containsExactly("ADDED teamed bob", "REMOVED teamed bob");
    assertThat(orgs.isMember("teamed", "bob")).isFalse();
  }

  @Test
  void refusesTheLastOwnerAnAbsentMemberAndBadTeams() {
    Organization org = orgs.create(alice, "guarded", "", "", "public");
    Team owners = teams.teams("guarded").get(0);
    assertThatThrownBy(() -> teams.removeTeamMember(alice, owners.id(), alice)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> teams.removeTeamMember(alice, owners.id(), bob)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> teams.addTeamMember(alice, -1, bob)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> teams.createTeam(org, "x", "", "owner", List.of(), false, false))
        .isInstanceOf(ValidationException.class);
    teams.createTeam(org, "once", "", "read", List.of(), false, false);
    assertThatThrownBy(() -> teams.createTeam(org, "once", "", "read", List.of(), false, false))
        .isInstanceOf(ValidationException.class);
  }
}
