package dev.tidings.plugin.transport.http;

import dev.tidings.plugin.log.ChannelPosition;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A resume point for several channels at once (SSE {@code id:}, {@code Last-Event-ID}, long-poll
 * {@code cursor}): every channel's epoch and offset, written as URL-safe base64 without padding of
 * the lines {@code channel epoch offset}, so it can be pasted into a query string unchanged.
 */
public final class Cursor {

  private Cursor() {}

  /** Encodes {@code positions} (channel to position). */
  public static String encode(Map<String, ChannelPosition> positions) {
    StringBuilder sb = new StringBuilder(positions.size() * 40);
    for (Map.Entry<String, ChannelPosition> e : positions.entrySet()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(e.getKey()).append(' ').append(e.getValue().epoch()).append(' ').append(e.getValue().offset());
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor; empty when it is not one this server wrote. */
  public static Optional<Map<String, ChannelPosition>> decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return Optional.of(Collections.emptyMap());
    }
    if (cursor.length() > 16_384) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      Map<String, ChannelPosition> out = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        String[] parts = line.split(" ");
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
          return Optional.empty();
        }
        long offset = Long.parseLong(parts[2]);
        if (offset < 0) {
          return Optional.empty();
        }
        out.put(parts[0], new ChannelPosition(parts[1], offset));
      }
      return Optional.of(out);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
