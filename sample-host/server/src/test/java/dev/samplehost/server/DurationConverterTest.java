package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --access-refresh} takes short units or ISO-8601 and refuses nonsense with a clear message. */
class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsShortUnitsAndIso() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(converter.convert(" 2m ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("PT0.25S")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void refusesZeroNegativeAndGarbage() {
    assertThatThrownBy(() -> converter.convert("0s")).hasMessageContaining("longer than zero");
    assertThatThrownBy(() -> converter.convert("PT-1S")).hasMessageContaining("longer than zero");
    assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("write e.g. 500ms");
  }

  @Test
  void theCommandLineShowsTheOptionAndItsDefault() {
    String help = new CommandLine(new Main()).getUsageMessage();
    assertThat(help).contains("--access-refresh").contains("default 1s");
    Main main = new Main();
    new CommandLine(main).parseArgs("--access-refresh", "250ms");
    assertThat(main.accessRefresh).isEqualTo(Duration.ofMillis(250));
  }
}
