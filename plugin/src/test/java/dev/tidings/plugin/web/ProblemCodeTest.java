package dev.tidings.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.hub.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The list of HTTP error codes agrees with the WebSocket protocol's codes and with the docs. */
class ProblemCodeTest {

  @Test
  void codesTheWebSocketProtocolAlsoSendsAreSpelledTheSame() {
    Map<String, String> http = Arrays.stream(ProblemCode.values())
        .collect(Collectors.toMap(ProblemCode::name, ProblemCode::code));
    Set<String> shared = Arrays.stream(ErrorCode.values()).map(ErrorCode::name).filter(http::containsKey)
        .collect(Collectors.toSet());
    assertThat(shared).contains("BAD_REQUEST", "FORBIDDEN", "UNAUTHENTICATED", "RATE_LIMITED", "INTERNAL");
    for (ErrorCode code : ErrorCode.values()) {
      if (shared.contains(code.name())) {
        assertThat(http.get(code.name())).as(code.name()).isEqualTo(code.code());
      }
    }
    assertThat(http.values()).allMatch(c -> c.matches("[a-z]+(_[a-z]+)*")).doesNotHaveDuplicates();
  }

  @Test
  void theDocsTableNamesEveryCode() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "http-errors.md"));
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| \\d{3}").matcher(doc);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(ProblemCode.values()).map(ProblemCode::code).toList());
  }
}
