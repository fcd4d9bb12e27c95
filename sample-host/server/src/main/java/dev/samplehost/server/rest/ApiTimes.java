package dev.samplehost.server.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses RFC 3339 query times ({@code since}, {@code before}); a malformed value is 422 like Gitea. */
final class ApiTimes {

  private ApiTimes() {}

  /** The instant in query parameter {@code name}, or null when absent. */
  static Instant query(ApiCall call, String name) {
    String value = call.query(name).map(String::trim).orElse("");
    if (value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.unprocessable("parsing time \"" + value + "\" as RFC 3339 failed: " + name);
    }
  }
}
