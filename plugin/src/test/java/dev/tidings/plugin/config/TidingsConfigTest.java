package dev.tidings.plugin.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading {@code tidings.properties}: UTF-8, optional, overridden by the host's settings. */
class TidingsConfigTest {

  @TempDir Path dir;

  @Test
  void theFileIsReadAsUtf8AndOverridesWin() throws Exception {
    Files.writeString(dir.resolve(TidingsConfig.FILE_NAME),
        "ui.title=Caf\u00e9 \u2013 news\nlog.retention.maxAge=2d\ndb.maxBatch=10\n", StandardCharsets.UTF_8);
    Properties overrides = new Properties();
    overrides.setProperty("db.maxBatch", "20");

    TidingsConfig config = TidingsConfig.load(dir, overrides);

    assertThat(config.getString("ui.title", "")).isEqualTo("Caf\u00e9 \u2013 news");
    assertThat(config.getDuration("log.retention.maxAge", Duration.ZERO)).isEqualTo(Duration.ofDays(2));
    assertThat(config.getInt("db.maxBatch", 0)).isEqualTo(20);
  }

  @Test
  void withoutAFileEveryKeyHasItsDefault() throws Exception {
    TidingsConfig config = TidingsConfig.load(dir, new Properties());

    assertThat(config.getInt("db.maxBatch", 1000)).isEqualTo(1000);
  }
}
