package dev.samplehost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.Permission;
import dev.samplehost.server.HostServer;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding L3: the access caches are bounded LRUs (a full cache evicts the coldest answer instead of
 * being wiped), and a repository that does not exist is cached once by name, however many users
 * ask, while creating it is seen at once.
 */
@HostTest
class AccessCacheTest {

  @Test
  void aFullCacheEvictsTheLeastRecentlyUsedEntryOnly() {
    BoundedCache<String, Integer> cache = new BoundedCache<>(3);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);
    assertThat(cache.get("a")).isEqualTo(1); // a is hot now; b is the coldest
    cache.put("d", 4);
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("c")).isEqualTo(3);
    assertThat(cache.get("d")).isEqualTo(4);
  }

  @Test
  void unknownRepositoriesAreCachedOnceByNameNotPerUser(@TempDir Path tmp) throws Exception {
    try (HostServer host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build()) {
      host.start();
      HostAccessControl access = host.injector().getInstance(HostAccessControl.class);
      int before = access.cachedRepoAnswers();
      for (int i = 0; i < 500; i++) {
        assertThat(access.permission("user" + i, "alice", "not-yet")).isEqualTo(Permission.NONE);
      }
      assertThat(access.permission(null, "alice", "not-yet")).isEqualTo(Permission.NONE);
      assertThat(access.cachedRepoAnswers() - before).as("one entry for the missing repository").isEqualTo(1);

      UserService users = host.injector().getInstance(UserService.class);
      host.injector().getInstance(RepoService.class)
          .create(users.get("alice"), "alice", "not-yet", "", false, false, null);
      assertThat(access.permission("bob", "alice", "not-yet")).as("created: readable at once").isEqualTo(Permission.READ);
      assertThat(access.permission("alice", "alice", "not-yet")).isEqualTo(Permission.OWNER);
    }
  }
}
