package dev.tidings.plugin.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.log.ChannelPosition;

/**
 * One parsed client command: {@code type}, the optional echoed {@code id}, and for subscriptions
 * the {@code channel} and optional {@code since} position; or the reason it could not be parsed.
 */
record Command(String type, JsonNode id, String channel, ChannelPosition since, ErrorCode error, String message) {

  private static final int MAX_ID_LENGTH = 128;

  /** Parses a command tree (already known to be JSON). */
  static Command parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      return invalid(null, ErrorCode.BAD_REQUEST, "A command must be a JSON object such as {\"type\":\"ping\"}");
    }
    JsonNode id = root.get("id");
    if (id != null && !id.isNull() && !((id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH) || id.isIntegralNumber())) {
      return invalid(null, ErrorCode.BAD_REQUEST, "\"id\" must be a string of at most " + MAX_ID_LENGTH + " characters or an integer");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      return invalid(id, ErrorCode.BAD_REQUEST, "\"type\" is required and must be a string (subscribe, unsubscribe, typing or ping)");
    }
    String t = type.textValue();
    switch (t) {
      case "ping":
        return new Command(t, id, null, null, null, null);
      case "subscribe":
      case "unsubscribe":
      case "typing":
        break;
      default:
        return invalid(id, ErrorCode.UNKNOWN_TYPE, "Unknown command type '" + ChannelChecks.abbreviate(t, 40) + "'; use subscribe, unsubscribe, typing or ping");
    }
    JsonNode channel = root.get("channel");
    if (channel == null || !channel.isTextual()) {
      return invalid(id, ErrorCode.BAD_REQUEST, "\"channel\" is required and must be a string, e.g. \"repo:alice/demo\"");
    }
    ChannelPosition since = null;
    JsonNode s = root.get("since");
    if (t.equals("subscribe") && s != null && !s.isNull()) {
      JsonNode epoch = s.get("epoch");
      JsonNode offset = s.get("offset");
      if (!s.isObject() || epoch == null || !epoch.isTextual() || epoch.textValue().isEmpty()
          || offset == null || !offset.canConvertToLong() || !offset.isIntegralNumber() || offset.longValue() < 0) {
        return new Command(t, id, channel.textValue(), null, ErrorCode.BAD_REQUEST,
            "\"since\" must be {\"epoch\":\"<string>\",\"offset\":<integer >= 0>}");
      }
      since = new ChannelPosition(epoch.textValue(), offset.longValue());
    }
    return new Command(t, id, channel.textValue(), since, null, null);
  }

  private static Command invalid(JsonNode id, ErrorCode code, String message) {
    return new Command(null, id, null, null, code, message);
  }

}
