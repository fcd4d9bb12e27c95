package dev.tidings.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A deliberately permissive RFC 6455 frame writer (it writes whatever it is told: reserved bits,
 * unknown opcodes, unmasked frames, non-minimal or lying lengths) and a small reader for server frames.
 */
final class WsFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** How the payload length is written. */
  enum Length { MINIMAL, FORCE_16, FORCE_64 }

  private WsFrames() {}

  /** A frame from its parts; {@code declared} < 0 means "the payload's real length". */
  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, Length form, long declared,
      SplittableRandom r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
    out.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF));
    long len = declared < 0 ? payload.length : declared;
    int maskBit = masked ? 0x80 : 0;
    if (form == Length.MINIMAL && len <= 125) {
      out.write(maskBit | (int) len);
    } else if (form != Length.FORCE_64 && len <= 0xFFFF) {
      out.write(maskBit | 126);
      out.write((int) (len >>> 8) & 0xFF);
      out.write((int) len & 0xFF);
    } else {
      out.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (len >>> (8 * i)) & 0xFF);
      }
    }
    if (masked) {
      byte[] key = new byte[4];
      for (int i = 0; i < 4; i++) {
        key[i] = (byte) r.nextInt(256);
      }
      out.write(key, 0, 4);
      byte[] p = payload.clone();
      for (int i = 0; i < p.length; i++) {
        p[i] ^= key[i & 3];
      }
      out.write(p, 0, p.length);
    } else {
      out.write(payload, 0, payload.length);
    }
    return out.toByteArray();
  }

  /** A well-formed, masked, final frame. */
  static byte[] frame(int opcode, byte[] payload, SplittableRandom r) {
    return frame(true, 0, opcode, payload, true, Length.MINIMAL, -1, r);
  }

  /** One frame as the server sent it. */
  record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
    /** The close code of a close frame, 1005 when it has none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  /** Reads one frame; {@link EOFException} when the stream ends before one starts or within one. */
  static Frame read(InputStream in, int maxPayload) throws IOException {
    int b0 = readByte(in);
    int b1 = readByte(in);
    long len = b1 & 0x7F;
    if (len == 126) {
      len = (readByte(in) << 8) | readByte(in);
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) {
        len = (len << 8) | readByte(in);
      }
    }
    if (len < 0 || len > maxPayload) {
      throw new IOException("server frame of " + len + " bytes");
    }
    byte[] key = null;
    if ((b1 & 0x80) != 0) {
      key = in.readNBytes(4);
    }
    byte[] p = in.readNBytes((int) len);
    if (p.length < len) {
      throw new EOFException("frame cut short");
    }
    if (key != null) {
      for (int i = 0; i < p.length; i++) {
        p[i] ^= key[i & 3];
      }
    }
    return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xF, p);
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }
}
