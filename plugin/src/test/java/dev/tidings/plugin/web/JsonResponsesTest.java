package dev.tidings.plugin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one error body of the plugin's HTTP routes, byte for byte. */
class JsonResponsesTest {

  private static String body(HttpProblem problem, String giteaUrl) {
    return new String(JsonResponses.body(problem, giteaUrl), StandardCharsets.UTF_8);
  }

  @Test
  void aPluginErrorIsMessageThenCode() {
    assertThat(body(HttpProblem.notFound("no such asset"), null))
        .isEqualTo("{\"message\":\"no such asset\",\"code\":\"not_found\"}");
  }

  @Test
  void aRejectedDocumentNamesItsField() {
    assertThat(body(HttpProblem.invalid("unknown watch level 'loud'", "default_level"), null))
        .isEqualTo("{\"message\":\"unknown watch level 'loud'\",\"code\":\"invalid\",\"field\":\"default_level\"}");
  }

  @Test
  void underApiV1GiteasUrlComesLast() {
    assertThat(body(HttpProblem.unauthenticated("token is required"), "http://h/api/swagger"))
        .isEqualTo("{\"message\":\"token is required\",\"code\":\"unauthenticated\",\"url\":\"http://h/api/swagger\"}");
  }

  @Test
  void messagesAreEscapedByJackson() {
    assertThat(body(HttpProblem.badRequest("a \"quoted\" \\ line\nbreak \u0001 and é"), null))
        .isEqualTo("{\"message\":\"a \\\"quoted\\\" \\\\ line\\nbreak \\u0001 and é\",\"code\":\"bad_request\"}");
  }

  @Test
  void theTransportsStringFormStaysAvailableAndMayOmitTheCode() {
    assertThat(body(new HttpProblem(426, "bad_request", "upgrade", null, Map.of()), null))
        .isEqualTo("{\"message\":\"upgrade\",\"code\":\"bad_request\"}");
    assertThat(body(new HttpProblem(500, null, "x", null, Map.of()), null)).isEqualTo("{\"message\":\"x\"}");
  }

  @Test
  void refusalsCarryTheirHeaders() {
    assertThat(HttpProblem.methodNotAllowed("GET, HEAD", "Use GET").headers()).containsEntry("Allow", "GET, HEAD");
    HttpProblem limited = HttpProblem.rateLimited("slow down", 7);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.code()).isEqualTo("rate_limited");
    assertThat(limited.headers()).containsEntry("Retry-After", "7");
    HttpProblem challenged = HttpProblem.unauthenticated("sign in").withHeader("WWW-Authenticate", "Bearer");
    assertThat(challenged.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertThat(challenged.getMessage()).isEqualTo("sign in");
    assertThat(challenged.getStackTrace()).isEmpty();
  }

  @Test
  void onlyErrorStatusesAreProblems() {
    assertThatThrownBy(() -> new HttpProblem(200, ProblemCode.INTERNAL, "fine")).isInstanceOf(IllegalArgumentException.class);
  }
}
