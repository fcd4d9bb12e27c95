package dev.samplehost.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The API's JSON codec: keys match case-insensitively like Go's decoder, unknown keys are
 * ignored, times are RFC 3339 with second precision. Kept private to the REST package (not bound
 * as a bare ObjectMapper, which would clash with plugins' own bindings in child injectors).
 */
@Singleton
public final class ApiJson {

  private final ObjectMapper mapper = JsonMapper.builder()
      .addModule(new JavaTimeModule()) // explicit: findAndRegisterModules uses the context class loader
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  /** The configured mapper. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Serialises {@code value} to JSON text. */
  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  /** Parses a request body into {@code type}; malformed JSON or a wrong type gives 422. */
  public <T> T read(String body, Class<T> type) {
    String text = body == null || body.isBlank() ? "{}" : body;
    try {
      JsonNode tree = mapper.readTree(text);
      if (tree == null || !tree.isObject()) {
        throw ApiException.unprocessable("request body must be a JSON object");
      }
      return mapper.treeToValue(tree, type);
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
      throw ApiException.unprocessable("[" + field + "]: invalid value");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** An instant as the API's time value (UTC, whole seconds); null stays null. */
  public static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
  }
}
