package dev.tidings.plugin.hub;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses one message the way permessage-deflate sends it without context takeover (RFC 7692
 * 7.2.1): raw DEFLATE, ended by a sync flush whose trailing {@code 00 00 ff ff} is removed. With no
 * context carried between messages the result depends on the bytes alone, which is what lets one
 * compressed copy of an event serve every connection.
 */
final class MessageDeflater {

  private static final int TAIL = 4;
  // One Deflater per writing thread, reset between messages: a zlib context costs ~256 KiB native
  // memory, so a handful of threads hold a handful instead of one per connection.
  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

  private MessageDeflater() {}

  /** {@code payload} compressed as one message (an empty one becomes {@code 00}, RFC 7692 7.2.3.6). */
  static byte[] deflate(byte[] payload) {
    Deflater deflater = DEFLATERS.get();
    deflater.reset();
    deflater.setInput(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 64);
    byte[] chunk = new byte[Math.max(64, Math.min(payload.length + 64, 16 * 1024))];
    int n;
    // SYNC_FLUSH writes everything and ends on a byte boundary; a short read means it is done.
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length);
    byte[] bytes = out.toByteArray();
    int len = bytes.length - TAIL;
    if (len < 1 || bytes[len] != 0 || bytes[len + 1] != 0 || bytes[len + 2] != (byte) 0xff || bytes[len + 3] != (byte) 0xff) {
      throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
    }
    return Arrays.copyOf(bytes, len);
  }
}
