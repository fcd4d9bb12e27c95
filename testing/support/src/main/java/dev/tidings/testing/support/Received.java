package dev.tidings.testing.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message a test client received: the JSON, the raw text, {@link System#nanoTime()} at receipt and,
 * for Server-Sent Events, the message's {@code id:} (null if none or over WebSocket).
 */
public record Received(JsonNode json, String raw, long nanos, String sseId) {
  /** The message's {@code type}. */
  public String type() {
    return json.path("type").asText();
  }

  /** Whether this is an {@code event} envelope on {@code channel}. */
  public boolean isEventOn(String channel) {
    return type().equals("event") && json.path("channel").asText().equals(channel);
  }
}
