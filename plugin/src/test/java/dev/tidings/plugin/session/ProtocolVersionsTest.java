package dev.tidings.plugin.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Version selection from a client's offer, and reading an id from commands that are not parsed. */
class ProtocolVersionsTest {

  @Test
  void noOfferMeansV1AndASupportedVersionIsPickedFromAMixedOffer() {
    assertThat(ProtocolVersions.select(List.of())).isEqualTo("tidings.v1");
    assertThat(ProtocolVersions.select(List.of("tidings.v9", " tidings.v1"))).isEqualTo("tidings.v1");
    assertThat(ProtocolVersions.select(List.of("tidings.v2"))).isNull();
    assertThat(ProtocolVersions.select(List.of("chat"))).isNull();
    assertThat(ProtocolVersions.refusal(List.of("tidings.v2"))).contains("tidings.v2").contains("speaks tidings.v1");
  }

  @Test
  void anIdIsReadFromTheTopLevelOnlyAndOnlyInItsAllowedShapes() {
    JsonFactory f = new JsonFactory();
    assertThat(CommandIds.peek(f, "{\"a\":{\"id\":1},\"id\":\"x\"}").textValue()).isEqualTo("x");
    assertThat(CommandIds.peek(f, "{\"id\":12345678901234}").longValue()).isEqualTo(12345678901234L);
    assertThat(CommandIds.peek(f, "{\"id\":1.5}")).isNull();
    assertThat(CommandIds.peek(f, "{\"id\":\"" + "y".repeat(129) + "\"}")).isNull();
    assertThat(CommandIds.peek(f, "[{\"id\":1}]")).isNull();
    assertThat(CommandIds.peek(f, "{\"type\":,\"id\":1}")).isNull();
    assertThat(CommandIds.peek(f, "not json")).isNull();
  }
}
