package dev.tidings.plugin.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written envelope is exactly the JSON Jackson would write, escapes included. */
class EnvelopesTest {

  final ObjectMapper mapper = new ObjectMapper();

  @Test
  void matchesTheJacksonTreeIncludingEscapes() throws Exception {
    byte[] data = mapper.writeValueAsBytes(Map.of("title", "a \"quoted\" \u00e9 \n line", "n", 3));
    byte[] env = Envelopes.build("repo:alice/demo", 42, "ci.status", "01ABC", data, 1_700_000_000_123L);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("type", "event");
    expected.put("channel", "repo:alice/demo");
    expected.put("offset", 42);
    expected.put("event", "ci.status");
    expected.put("id", "01ABC");
    expected.put("data", mapper.readTree(data));
    expected.put("timestamp", 1_700_000_000_123L);
    JsonNode actual = mapper.readTree(env);
    assertThat(actual).isEqualTo(mapper.valueToTree(expected));
    // Same field order as the protocol document shows.
    assertThat(new String(env, StandardCharsets.UTF_8)).startsWith(
        "{\"type\":\"event\",\"channel\":\"repo:alice/demo\",\"offset\":42,\"event\":\"ci.status\",\"id\":\"01ABC\",\"data\":{");
  }

  @Test
  void handWrittenEnvelopeCarriesTheStoredDataBytesAsTheyAreForAnyOffset() throws Exception {
    // Why it is cheaper than Jackson per channel (the figure is in docs/performance.md, not measured here):
    // the stored data bytes are copied in verbatim, never parsed or re-serialised. A 20-commit push, at
    // offsets of every width, still equals what Jackson writes for the same tree.
    byte[] data = mapper.writeValueAsBytes(Map.of("commits", java.util.Collections.nCopies(20,
        Map.of("id", "3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e", "message", "Fix \"the\" thing \u00e9\n", "url", "http://h/x"))));
    JsonNode tree = mapper.readTree(data);
    for (long offset : new long[] {0, 1, 9, 10, 99_999, Long.MAX_VALUE}) {
      byte[] env = Envelopes.build("repo:alice/demo", offset, "push", "01ABC", data, 1L);
      String text = new String(env, StandardCharsets.UTF_8);
      assertThat(text).contains(new String(data, StandardCharsets.UTF_8));
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("type", "event");
      expected.put("channel", "repo:alice/demo");
      expected.put("offset", offset);
      expected.put("event", "push");
      expected.put("id", "01ABC");
      expected.put("data", tree);
      expected.put("timestamp", 1L);
      byte[] jackson = mapper.writeValueAsBytes(expected);
      assertThat(mapper.readTree(env)).isEqualTo(mapper.readTree(jackson));
      assertThat(env).hasSameSizeAs(jackson);
    }
  }
}
