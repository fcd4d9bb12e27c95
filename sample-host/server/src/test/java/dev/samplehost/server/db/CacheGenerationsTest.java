package dev.samplehost.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.Permission;
import dev.samplehost.server.HostServer;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The V2 triggers bump the right counter for changes that can stale a cache and leave both alone
 * for everyday writes (issues, pushes' "updated" stamps), so a busy node does not flush the caches
 * of every other node; the watcher invalidates once per move.
 */
@HostTest
class CacheGenerationsTest {

  @Test
  void accessAndCredentialChangesBumpTheirCountersEverydayWritesDoNot(@TempDir Path tmp) throws Exception {
    // A long refresh: this test polls by hand, the timer must not take the moves first.
    try (HostServer host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true)
        .accessRefresh(Duration.ofHours(1)).build()) {
      host.start();
      Database db = host.injector().getInstance(Database.class);
      AtomicInteger access = new AtomicInteger();
      AtomicInteger credentials = new AtomicInteger();
      CacheGenerations watcher = new CacheGenerations(db, Duration.ofHours(1), Map.of(
          CacheGenerations.ACCESS, access::incrementAndGet,
          CacheGenerations.CREDENTIALS, credentials::incrementAndGet));
      UserService users = host.injector().getInstance(UserService.class);
      RepoService repos = host.injector().getInstance(RepoService.class);
      User alice = users.get("alice");
      User bob = users.get("bob");
      Repository demo = repos.get("alice", "demo");

      host.injector().getInstance(IssueService.class).create(alice, demo, "an issue", "", List.of());
      repos.touch(demo);
      repos.update(demo, "a new description", null, null);
      users.updateProfile(bob, "Bob B.", null);
      watcher.poll();
      assertThat(access.get()).as("issues, updated stamps and descriptions leave access alone").isZero();
      assertThat(credentials.get()).as("a profile change stales resolved tokens").isEqualTo(1);

      repos.addCollaborator(alice, demo, bob, Permission.WRITE);
      repos.update(demo, null, true, null);
      watcher.poll();
      watcher.poll();
      assertThat(access.get()).as("one invalidation per poll that saw a move").isEqualTo(1);

      host.injector().getInstance(dev.samplehost.server.service.AccessTokenService.class)
          .createToken(bob, "t", List.of());
      watcher.poll();
      assertThat(credentials.get()).as("a new token stales nothing").isEqualTo(1);
      host.injector().getInstance(dev.samplehost.server.service.AccessTokenService.class).deleteToken(bob, "t");
      watcher.poll();
      assertThat(credentials.get()).isEqualTo(2);
      assertThat(access.get()).isEqualTo(1);
    }
  }
}
