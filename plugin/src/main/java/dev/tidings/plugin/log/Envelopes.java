package dev.tidings.plugin.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the wire envelope {@code {"type":"event","channel":...,"offset":N,"event":...,"id":...,
 * "data":{...},"timestamp":ms}} by hand around the event's already serialised data, so an event
 * going to three channels is serialised once and only the small prefix differs per channel.
 */
public final class Envelopes {

  private static final byte[] START = bytes("{\"type\":\"event\",\"channel\":\"");
  private static final byte[] OFFSET = bytes("\",\"offset\":");
  private static final byte[] EVENT = bytes(",\"event\":\"");
  private static final byte[] ID = bytes("\",\"id\":\"");
  private static final byte[] DATA = bytes("\",\"data\":");
  private static final byte[] TIMESTAMP = bytes(",\"timestamp\":");
  private static final byte[] END = bytes("}");

  private Envelopes() {}

  /** The envelope as UTF-8 bytes; {@code data} must be one JSON value in UTF-8. */
  public static byte[] build(String channel, long offset, String type, String id, byte[] data, long timestamp) {
    byte[][] parts = {
        START, quote(channel), OFFSET, ascii(Long.toString(offset)), EVENT, quote(type), ID, quote(id),
        DATA, data, TIMESTAMP, ascii(Long.toString(timestamp)), END};
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    // One exact-size array: the envelope is kept per channel entry and shared by every subscriber.
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /**
   * The bytes of an envelope on {@code channel} besides the event's data, id and type: the fixed
   * keys, the channel, and room for the offset and timestamp digits (an upper bound).
   */
  public static long overhead(String channel) {
    return START.length + OFFSET.length + EVENT.length + ID.length + DATA.length + TIMESTAMP.length + END.length
        + quote(channel).length + 2L * 20;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] quote(String s) {
    return JsonStringEncoder.getInstance().quoteAsUTF8(s);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
