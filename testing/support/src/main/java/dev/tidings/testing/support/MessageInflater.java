package dev.tidings.testing.support;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Reads one permessage-deflate message sent without context takeover, as a client would (RFC 7692 7.2.2). */
public final class MessageInflater {

  private MessageInflater() {}

  /** {@code compressed} with {@code 00 00 ff ff} appended, inflated by a fresh raw inflater. */
  public static byte[] inflate(byte[] compressed) throws DataFormatException {
    byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
    input[compressed.length + 2] = (byte) 0xff;
    input[compressed.length + 3] = (byte) 0xff;
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(input);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = inflater.inflate(buf)) > 0) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
