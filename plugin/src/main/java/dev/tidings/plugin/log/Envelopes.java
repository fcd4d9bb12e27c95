package dev.tidings.plugin.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the wire envelope {@code {"type":"event","channel":...,"offset":N,"event":...,"id":...,
 * "data":{...},"timestamp":ms}} by hand around the event's already serialised data, so an event
 * going to three channels is serialised once and only the small prefix differs per channel.
 */
final class Envelopes {

  private static final byte[] START = bytes("{\"type\":\"event\",\"channel\":\"");
  private static final byte[] OFFSET = bytes("\",\"offset\":");
  private static final byte[] EVENT = bytes(",\"event\":\"");
  private static final byte[] ID = bytes("\",\"id\":\"");
  private static final byte[] DATA = bytes("\",\"data\":");
  private static final byte[] TIMESTAMP = bytes(",\"timestamp\":");

  private Envelopes() {}

  /** The envelope as UTF-8 bytes; {@code data} must be one JSON value in UTF-8. */
  static byte[] build(String channel, long offset, String type, String id, byte[] data, long timestamp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + channel.length() + type.length() + 128);
    out.writeBytes(START);
    out.writeBytes(quote(channel));
    out.writeBytes(OFFSET);
    out.writeBytes(bytes(Long.toString(offset)));
    out.writeBytes(EVENT);
    out.writeBytes(quote(type));
    out.writeBytes(ID);
    out.writeBytes(quote(id));
    out.writeBytes(DATA);
    out.writeBytes(data);
    out.writeBytes(TIMESTAMP);
    out.writeBytes(bytes(Long.toString(timestamp)));
    out.write('}');
    return out.toByteArray();
  }

  private static byte[] quote(String s) {
    return JsonStringEncoder.getInstance().quoteAsUTF8(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
