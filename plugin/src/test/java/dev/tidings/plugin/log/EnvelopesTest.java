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
  void handWrittenPrefixIsCheaperThanJacksonPerChannel() throws Exception {
    // A rough figure for the design note, not a timing assertion.
    byte[] data = mapper.writeValueAsBytes(Map.of("commits", java.util.Collections.nCopies(20,
        Map.of("id", "3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e", "message", "Fix the thing", "url", "http://h/x"))));
    Map<String, Object> tree = mapper.readValue(data, Map.class);
    int n = 20_000;
    long sink = 0;
    for (int round = 0; round < 2; round++) { // first round warms up
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += Envelopes.build("repo:alice/demo", i, "push", "01ABC", data, 1L).length;
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "event");
        m.put("channel", "repo:alice/demo");
        m.put("offset", i);
        m.put("event", "push");
        m.put("id", "01ABC");
        m.put("data", tree);
        m.put("timestamp", 1L);
        sink += mapper.writeValueAsBytes(m).length;
      }
      long t2 = System.nanoTime();
      if (round == 1) {
        System.out.printf("envelope of a %d-byte push: hand-written %.2f us, Jackson %.2f us%n",
            data.length, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
      }
    }
    assertThat(sink).isPositive();
  }
}
