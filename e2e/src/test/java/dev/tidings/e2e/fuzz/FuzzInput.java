package dev.tidings.e2e.fuzz;

import java.util.List;

/** One generated input: frames for the fuzzer's open WebSocket, or one raw HTTP request on a fresh socket. */
sealed interface FuzzInput {
  /** What the input tries (e.g. {@code ws.rsv}, {@code poll.cursor}), for the answer table and reproductions. */
  String kind();

  /** The first bytes of the input, printable, for a failure message. */
  String preview();

  /** Bytes written to the WebSocket, one element per write; {@code authenticated}: on a connection with alice's token. */
  record Ws(String kind, boolean authenticated, List<byte[]> writes) implements FuzzInput {
    @Override
    public String preview() {
      StringBuilder b = new StringBuilder();
      int total = 0;
      for (byte[] w : writes) {
        total += w.length;
      }
      b.append(writes.size()).append(" write(s), ").append(total).append(" bytes: ");
      return b.append(printable(writes.isEmpty() ? new byte[0] : writes.get(0), 300)).toString();
    }
  }

  /** A raw HTTP request; {@code endpoint} is sse, poll, publish, handshake or garbage. */
  record Http(String kind, String endpoint, byte[] request) implements FuzzInput {
    @Override
    public String preview() {
      return request.length + " bytes: " + printable(request, 600);
    }
  }

  static String printable(byte[] bytes, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, max); i++) {
      int c = bytes[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '\\') {
        b.append((char) c);
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\n') {
        b.append("\\n");
      } else {
        b.append(String.format("\\x%02x", c));
      }
    }
    if (bytes.length > max) {
      b.append("...");
    }
    return b.toString();
  }
}
