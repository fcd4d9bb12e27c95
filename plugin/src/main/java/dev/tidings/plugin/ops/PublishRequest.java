package dev.tidings.plugin.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.ProblemCode;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client asks to publish, {@code {"channel","event","data"}}, checked for shape: a
 * repository channel, a textual event name, an object (or absent) {@code data}. The event name's
 * rules are checked apart ({@link #checkEventName}), after the access checks, so that a caller
 * without access learns nothing about names.
 */
record PublishRequest(Channels.Channel channel, String event, ObjectNode data) {

  private static final Pattern EVENT_NAME = Pattern.compile("(ci|custom)\\.[a-z0-9_.-]{1,64}");
  private static final Set<String> CORE_PREFIXES =
      Set.of("push", "branch", "tag", "pr", "issue", "repo", "commit", "notification", "notifications", "presence",
          "typing", "subscribed", "error", "event", "system", "tidings");

  /** Parses and checks the body; 400 {@code bad_json}, {@code bad_channel} or {@code bad_name}. */
  static PublishRequest parse(ObjectMapper mapper, byte[] body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      throw problem(ProblemCode.BAD_JSON, "The body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw problem(ProblemCode.BAD_JSON, "The body must be a JSON object {\"channel\",\"event\",\"data\"}");
    }
    JsonNode channel = node.get("channel");
    JsonNode event = node.get("event");
    JsonNode data = node.get("data");
    if (channel == null || !channel.isTextual()) {
      throw problem(ProblemCode.BAD_CHANNEL, "\"channel\" must be a string such as \"repo:alice/demo\"");
    }
    if (event == null || !event.isTextual()) {
      throw problem(ProblemCode.BAD_NAME, "\"event\" must be a string such as \"ci.status\"");
    }
    if (data != null && !data.isNull() && !data.isObject()) {
      throw problem(ProblemCode.BAD_JSON, "\"data\" must be a JSON object");
    }
    Channels.Channel parsed = Channels.parse(channel.asText())
        .filter(c -> c.kind() == Channels.Channel.Kind.REPO)
        .orElseThrow(() -> problem(ProblemCode.BAD_CHANNEL,
            "Events can be published to repository channels only: repo:{owner}/{name}, .../prs or .../issues"));
    return new PublishRequest(parsed, event.asText(),
        data == null || data.isNull() ? mapper.createObjectNode() : (ObjectNode) data);
  }

  /** 422 {@code reserved_name} for a core event name, 400 {@code bad_name} for any other outside {@code ci.*}/{@code custom.*}. */
  void checkEventName() {
    if (EVENT_NAME.matcher(event).matches()) {
      return;
    }
    String head = event.contains(".") ? event.substring(0, event.indexOf('.')) : event;
    if (CORE_PREFIXES.contains(head.toLowerCase(Locale.ROOT))) {
      throw new HttpProblem(422, ProblemCode.RESERVED_NAME,
          "\"" + event + "\" is a core event name; publish ci.* or custom.* events");
    }
    throw problem(ProblemCode.BAD_NAME, "\"event\" must match (ci|custom).[a-z0-9_.-]{1,64}, e.g. ci.status");
  }

  /**
   * The stored {@code data}: the client's object plus {@code "publisher"}, set by the server (a
   * publisher the client sent is overwritten; everything else, "actor" included, is the client's:
   * security review L8). 413 {@code too_large} when the client's part is above {@code maxBytes}.
   */
  byte[] dataWithPublisher(ObjectMapper mapper, String publisher, int maxBytes) {
    data.put("publisher", publisher);
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw problem(ProblemCode.BAD_JSON, "\"data\" cannot be serialised");
    }
    // The limit is on what the client sent: the "publisher" key added here does not count.
    int own = bytes.length - (",\"publisher\":\"\"".length() + publisher.length());
    if (own > maxBytes) {
      throw HttpProblem.tooLarge("\"data\" is " + own + " bytes; at most " + maxBytes + " are allowed");
    }
    return bytes;
  }

  private static HttpProblem problem(ProblemCode code, String message) {
    return new HttpProblem(400, code, message);
  }
}
