package dev.tidings.e2e;

import com.fasterxml.jackson.databind.JsonNode;

/** One message a test client received: the JSON, the raw text and {@link System#nanoTime()} at receipt. */
record Received(JsonNode json, String raw, long nanos, String sseId) {
  /** The message's {@code type}. */
  String type() {
    return json.path("type").asText();
  }

  /** Whether this is an {@code event} envelope on {@code channel}. */
  boolean isEventOn(String channel) {
    return type().equals("event") && json.path("channel").asText().equals(channel);
  }
}
