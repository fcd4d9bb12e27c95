package dev.tidings.plugin.presence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.hub.Outgoing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * The server's presence messages (docs/protocol.md "Presence and typing"), each serialised once
 * and shared by every recipient. Users are objects ({@code {"login":"bob"}}) so that an avatar URL
 * can join them within v1 when the host has one.
 */
final class PresenceMessages {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private PresenceMessages() {}

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static Outgoing json(String type, String channel, JsonNode id, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setCodec(MAPPER);
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("channel", channel);
      body.write(g);
      if (id != null && !id.isNull()) {
        g.writeFieldName("id");
        g.writeTree(id);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Outgoing.control(out.toByteArray());
  }

  private static void user(JsonGenerator g, String login) throws IOException {
    g.writeStartObject();
    g.writeStringField("login", login);
    g.writeEndObject();
  }

  /** {@code {"type":"subscribed","channel":C,"ephemeral":true,"id"?:I}}: no epoch, no offset. */
  static Outgoing subscribed(String channel, JsonNode id) {
    return json("subscribed", channel, id, g -> g.writeBooleanField("ephemeral", true));
  }

  /** {@code {"type":"presence","channel":C,"users":[{"login":..},..]}}: everyone visible now. */
  static Outgoing snapshot(String channel, Collection<String> logins) {
    return json("presence", channel, null, g -> {
      g.writeArrayFieldStart("users");
      for (String login : logins) {
        user(g, login);
      }
      g.writeEndArray();
    });
  }

  /** {@code {"type":"join","channel":C,"user":{"login":..}}}. */
  static Outgoing join(String channel, String login) {
    return json("join", channel, null, g -> {
      g.writeFieldName("user");
      user(g, login);
    });
  }

  /** {@code {"type":"leave","channel":C,"user":{"login":..}}}. */
  static Outgoing leave(String channel, String login) {
    return json("leave", channel, null, g -> {
      g.writeFieldName("user");
      user(g, login);
    });
  }

  /**
   * {@code {"type":"typing","channel":C,"users":[{"login":..},..]}}: these users typed since the
   * last one (the room's typists coalesced, see {@link Room#flushTyping}); clear each 5 s after
   * the last mention.
   */
  static Outgoing typing(String channel, Collection<String> logins) {
    return json("typing", channel, null, g -> {
      g.writeArrayFieldStart("users");
      for (String login : logins) {
        user(g, login);
      }
      g.writeEndArray();
    });
  }
}
