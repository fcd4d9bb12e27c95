package dev.tidings.plugin.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The protocol's control messages ({@code subscribed}, {@code unsubscribed}, {@code pong},
 * {@code error}) as UTF-8 JSON, shared by every transport; {@code id} (a command's id, or null) is
 * echoed as given.
 */
public final class Replies {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Replies() {}

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(String type, JsonNode id, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setCodec(MAPPER);
      g.writeStartObject();
      g.writeStringField("type", type);
      body.write(g);
      if (id != null && !id.isNull()) {
        g.writeFieldName("id");
        g.writeTree(id);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code {"type":"subscribed","channel":..,"epoch":..,"offset":..,"recovered"?:..}}. */
  public static byte[] subscribed(SubscribeStart start, JsonNode id) {
    return json("subscribed", id, g -> {
      g.writeStringField("channel", start.channel());
      g.writeStringField("epoch", start.epoch());
      g.writeNumberField("offset", start.offset());
      if (start.recovered() != null) {
        g.writeBooleanField("recovered", start.recovered());
      }
    });
  }

  /** {@code {"type":"unsubscribed","channel":..}}. */
  public static byte[] unsubscribed(String channel, JsonNode id) {
    return json("unsubscribed", id, g -> g.writeStringField("channel", channel));
  }

  /**
   * {@code {"type":"welcome","protocol":..,"user":..}}: the first message of a connection that
   * negotiated a protocol version; {@code user} is the login the connection reads as, or null
   * (anonymous, or a {@code public-only} token).
   */
  public static byte[] welcome(String protocol, String user) {
    return json("welcome", null, g -> {
      g.writeStringField("protocol", protocol);
      if (user == null) {
        g.writeNullField("user");
      } else {
        g.writeStringField("user", user);
      }
    });
  }

  /** {@code {"type":"pong"}}. */
  public static byte[] pong(JsonNode id) {
    return json("pong", id, g -> {});
  }

  /** {@code {"type":"error","code":..,"message":..,"channel"?:..,"retry":..}}. */
  public static byte[] error(ErrorCode code, String message, String channel, JsonNode id) {
    return json("error", id, g -> {
      g.writeStringField("code", code.code());
      g.writeStringField("message", message);
      if (channel != null) {
        g.writeStringField("channel", channel);
      }
      g.writeBooleanField("retry", code.retry());
    });
  }
}
