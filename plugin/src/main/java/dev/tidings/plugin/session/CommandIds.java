package dev.tidings.plugin.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * Reads a command's {@code id} from text that is not going to be parsed as a command (rate-limited,
 * too large, or not valid JSON), so that every reply still carries it: a streaming pass over the
 * top-level object that builds no tree and stops at the {@code id}, at the end or at the first
 * syntax error.
 */
final class CommandIds {

  private static final int MAX_ID_LENGTH = 128;

  private CommandIds() {}

  /** The top-level {@code id} (a string of at most 128 characters or an integer) found before any error, or null. */
  static JsonNode peek(JsonFactory json, String text) {
    try (JsonParser p = json.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        boolean isId = "id".equals(p.currentName());
        JsonToken value = p.nextToken();
        if (isId) {
          return value(p, value);
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON past some point: no id before it.
    }
    return null;
  }

  private static JsonNode value(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      String s = p.getText();
      return s.length() <= MAX_ID_LENGTH ? JsonNodeFactory.instance.textNode(s) : null;
    }
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return switch (p.getNumberType()) {
        case INT -> JsonNodeFactory.instance.numberNode(p.getIntValue());
        case LONG -> JsonNodeFactory.instance.numberNode(p.getLongValue());
        default -> JsonNodeFactory.instance.numberNode(p.getBigIntegerValue());
      };
    }
    return null;
  }
}
