package dev.tidings.plugin.poll;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tidings.plugin.transport.http.Cursor;
import dev.tidings.plugin.log.ChannelPosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a long-poll answer: {@code {"events":[..],"cursor":..,"channels":{..}}}, with each
 * channel's position (or why it ended) and the cursor to poll on from.
 */
final class PollAnswer {

  private static final JsonFactory FACTORY = new JsonFactory();

  private PollAnswer() {}

  static byte[] body(List<byte[]> events, Map<String, PollChannel> channels) {
    Map<String, ChannelPosition> positions = new LinkedHashMap<>();
    for (Map.Entry<String, PollChannel> e : channels.entrySet()) {
      if (!e.getValue().revoked && !e.getValue().interrupted && e.getValue().epoch != null) {
        positions.put(e.getKey(), new ChannelPosition(e.getValue().epoch, e.getValue().offset));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + events.stream().mapToInt(b -> b.length + 1).sum());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("events");
      for (byte[] envelope : events) {
        // The log's envelope bytes are already JSON: copied in as they are.
        g.writeRawValue(new String(envelope, StandardCharsets.UTF_8));
      }
      g.writeEndArray();
      g.writeStringField("cursor", Cursor.encode(positions));
      g.writeObjectFieldStart("channels");
      for (Map.Entry<String, PollChannel> e : channels.entrySet()) {
        PollChannel s = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        if (s.revoked) {
          g.writeStringField("error", "forbidden");
          g.writeStringField("message", "access revoked");
        } else if (s.interrupted) {
          g.writeStringField("error", "replay_interrupted");
          g.writeStringField("message", "History was removed while it was replayed; poll again with the previous cursor");
        } else {
          g.writeStringField("epoch", s.epoch);
          g.writeNumberField("offset", s.offset);
          if (s.recovered != null) {
            g.writeBooleanField("recovered", s.recovered);
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
