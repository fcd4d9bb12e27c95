package dev.tidings.plugin.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.broker.InProcessBroker;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.store.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's side of bounded replays (plan by size, read by page) and of forgetting a deleted repository. */
class ReplayLogTest {

  private static final String PAD = "x".repeat(1000);

  @TempDir Path dir;
  private OpenLog opened;
  private EventLog log;

  @BeforeEach
  void open() throws Exception {
    opened = new OpenLog(dir.resolve("tidings.db"), new Properties(), java.time.Clock.systemUTC(), e -> {});
    log = opened.log;
  }

  @AfterEach
  void close() throws Exception {
    opened.close();
  }

  private void append(String channel, String repository, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      log.appendTo(channel, "ci.pad", repository, "{\"pad\":\"" + PAD + "\",\"n\":" + i + "}").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aGapIsPlannedByItsSizeAndReadInPages() throws Exception {
    append("repo:alice/demo", "alice/demo", 50);
    String epoch = log.position("repo:alice/demo").epoch();

    ReplayPlan fits = log.planReplay("repo:alice/demo", epoch, 0, 10_000, 100_000);
    assertThat(fits.recovered()).isTrue();
    assertThat(fits.upTo()).isEqualTo(50);
    // The estimate is an upper bound of the real envelopes.
    long real = log.readAfter("repo:alice/demo", epoch, 0).events().stream().mapToLong(e -> e.envelope().length).sum();
    assertThat(fits.bytes()).isBetween(real, real + 50 * 64);

    assertThat(log.planReplay("repo:alice/demo", epoch, 0, 10_000, real / 2).recovered())
        .as("more bytes than allowed: nothing, never a part").isFalse();
    assertThat(log.planReplay("repo:alice/demo", epoch, 0, 49, Long.MAX_VALUE).recovered()).isFalse();
    assertThat(log.planReplay("repo:alice/demo", epoch, 40, 10_000, real / 2).recovered()).isTrue();

    List<ChannelEvent> page = log.readPage("repo:alice/demo", epoch, 10, 50, 100, 5_000);
    assertThat(page).extracting(ChannelEvent::offset).containsExactly(11L, 12L, 13L, 14L, 15L);
    assertThat(log.readPage("repo:alice/demo", epoch, 10, 12, 100, 100_000)).extracting(ChannelEvent::offset)
        .containsExactly(11L, 12L);
    assertThat(log.readPage("repo:alice/demo", epoch, 10, 50, 3, 100_000)).hasSize(3);
  }

  @Test
  void aDeletedRepositoryIsForgottenOnItsChannelsAndItsOrganisationChannel() throws Exception {
    append("repo:acme/secret", "acme/secret", 3);
    append("repo:acme/secret/issues", "acme/secret", 2);
    append("org:acme", "acme/secret", 2);
    append("org:acme", "acme/site", 1);
    append("repo:acme/site", "acme/site", 1);
    ChannelPosition before = log.position("repo:acme/secret");
    ChannelPosition org = log.position("org:acme");

    assertThat(log.forgetRepository("acme", "secret").get(10, TimeUnit.SECONDS)).isEqualTo(7);

    ChannelPosition after = log.position("repo:acme/secret");
    assertThat(after.epoch()).isNotEqualTo(before.epoch());
    assertThat(after.offset()).isZero();
    assertThat(log.planReplay("repo:acme/secret", before.epoch(), 0, 10_000, Long.MAX_VALUE).recovered()).isFalse();
    assertThat(log.position("repo:acme/secret/issues").epoch()).isNotEqualTo(before.epoch());
    // The organisation keeps its numbering; the dead repository's entries are gone (a replay across them is not recovered).
    assertThat(log.position("org:acme")).isEqualTo(org);
    assertThat(log.planReplay("org:acme", org.epoch(), 0, 10_000, Long.MAX_VALUE).recovered()).isFalse();
    assertThat(log.readAfter("org:acme", org.epoch(), 2).events()).extracting(ChannelEvent::repository)
        .containsExactly("acme/site");
    // Other repositories are untouched, and the re-created one numbers from 1 in its new epoch.
    assertThat(log.position("repo:acme/site").offset()).isEqualTo(1);
    ChannelEvent fresh = log.appendTo("repo:acme/secret", "repo.created", "acme/secret", "{}").get(10, TimeUnit.SECONDS);
    assertThat(fresh.epoch()).isEqualTo(after.epoch());
    assertThat(fresh.offset()).isEqualTo(1);
  }
}
