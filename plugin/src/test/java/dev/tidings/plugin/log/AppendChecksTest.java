package dev.tidings.plugin.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks every channel append passes on the caller's thread, and the bytes they hand on. */
class AppendChecksTest {

  final AppendChecks checks = new AppendChecks(new ObjectMapper());

  @Test
  void channelAndTypeAreCheckedWithTheAppendsPlaceInTheMessage() {
    AppendChecks.channelAndType("", "user:bob", "x");
    assertThatThrownBy(() -> AppendChecks.channelAndType("", "nonsense", "x"))
        .hasMessage("Not a channel name: nonsense");
    assertThatThrownBy(() -> AppendChecks.channelAndType("Append 2: ", "user:bob", " "))
        .hasMessage("Append 2: an event needs a type");
  }

  @Test
  void dataMustBeOneJsonObject() {
    assertThat(new String(checks.objectFromText(null), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(new String(checks.objectFromText("{ \"a\" : 1 }"), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThatThrownBy(() -> checks.objectFromText("[1]")).hasMessage("Event data must be a JSON object");
    assertThatThrownBy(() -> checks.objectFromText("{oops")).hasMessage("Event data is not JSON");
    byte[] raw = "{\"b\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(AppendChecks.objectFromBytes(raw)).isSameAs(raw);
    assertThatThrownBy(() -> AppendChecks.objectFromBytes("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("Event data must be a JSON object");
  }

  @Test
  void aBulkIsSerialisedInOrderAndFailsAsAWholeOnTheFirstBadAppend() {
    List<byte[]> out = checks.all(List.of(new ChannelAppend("user:bob", "n", null, Map.of("i", 1)),
        new ChannelAppend("user:eve", "n", null, null)));
    assertThat(out).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("{\"i\":1}", "{}");
    assertThatThrownBy(() -> checks.all(List.of(new ChannelAppend("user:bob", "n", null, Map.of()),
        new ChannelAppend("bad", "n", null, Map.of())))).hasMessage("Append 1: not a channel name: bad");
  }
}
