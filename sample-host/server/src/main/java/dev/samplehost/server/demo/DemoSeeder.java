package dev.samplehost.server.demo;

import dev.samplehost.server.HostConfig;
import dev.samplehost.server.db.DataFolderLock;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the demo data if missing: alice (site admin) and bob, org acme with alice, public
 * alice/demo and private acme/secret (bob cannot see it), each with a first commit. Idempotent.
 */
public final class DemoSeeder {
  /** alice's password. */
  public static final String ALICE_PASSWORD = "tidings-alice";
  /** bob's password. */
  public static final String BOB_PASSWORD = "tidings-bob";
  private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
  private final HostConfig config;
  private final UserService users;
  private final OrgService orgs;
  private final RepoService repos;

  @Inject
  DemoSeeder(HostConfig config, UserService users, OrgService orgs, RepoService repos) {
    this.config = config;
    this.users = users;
    this.orgs = orgs;
    this.repos = repos;
  }

  /** Seeds whatever is missing; nodes sharing the data folder that start together seed one after another. */
  public void seed() {
    DataFolderLock.holding(config.dataDir().resolve("demo-seed.lock"), () -> {
      seedMissing();
      return null;
    });
  }

  private void seedMissing() {
    User alice = users.find("alice").orElseGet(() ->
        users.create("alice", ALICE_PASSWORD, "alice@example.com", "Alice Liddell", true));
    users.find("bob").orElseGet(() -> users.create("bob", BOB_PASSWORD, "bob@example.com", "Bob Builder", false));
    if (orgs.find("acme").isEmpty()) {
      orgs.create(alice, "acme", "ACME Corporation", "Demo organisation", "public");
    } else if (!orgs.isMember("acme", "alice")) {
      orgs.addMember(alice, "acme", alice);
    }
    if (repos.find("alice", "demo").isEmpty()) {
      repos.create(alice, "alice", "demo", "Demo repository for Tidings", false, true, "main");
    }
    if (repos.find("acme", "secret").isEmpty()) {
      repos.create(alice, "acme", "secret", "Private repository of acme", true, true, "main");
    }
    LOG.debug("Demo data present");
  }
}
