package dev.tidings.testing.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

/** The one Jackson mapper and the one JDK HTTP client of the shared test clients. */
public final class TestJson {
  /** Reads and writes the wire JSON. */
  public static final ObjectMapper MAPPER = new ObjectMapper();
  /** One HTTP/1.1 client for a whole test run; the JDK client's threads are daemons. */
  public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private TestJson() {}

  /** Parses {@code text}, failing the test with the text when it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("Not JSON: " + text, e);
    }
  }
}
