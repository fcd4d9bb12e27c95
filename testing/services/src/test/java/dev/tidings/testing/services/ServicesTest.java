package dev.tidings.testing.services;

import dev.tidings.testing.support.HostTest;
import dev.tidings.testing.support.Requirements;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures start the real servers, keep data across a crash, and come back on the same port. */
@HostTest
class ServicesTest {

  @Test
  void redisKeepsAnAcknowledgedWriteAcrossAKill(@TempDir Path dir) throws Exception {
    Requirements.require(RedisServer.binary().isPresent(),
        "redis-server is not installed (apt-get install -y redis-server)");
    try (RedisServer redis = RedisServer.launch(dir)) {
      assertThat(redis.command("SET tidings:check 42")).isEqualTo("+OK");
      redis.kill();
      redis.start();
      assertThat(redis.command("GET tidings:check")).isEqualTo("$2");
      assertThat(redis.command("CONFIG GET appendfsync")).isEqualTo("*2");
    }
  }

  @Test
  void postgresKeepsACommittedRowAcrossAKill() throws Exception {
    Requirements.require(PostgresServer.binaries().isPresent(),
        "PostgreSQL is not installed (apt-get install -y postgresql)");
    try (PostgresServer pg = PostgresServer.launch()) {
      pg.psql("CREATE TABLE t (v int); INSERT INTO t VALUES (7)");
      pg.kill();
      pg.start();
      assertThat(pg.psql("SELECT v FROM t")).isEqualTo("7");
    }
  }
}
