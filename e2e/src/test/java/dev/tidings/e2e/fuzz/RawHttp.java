package dev.tidings.e2e.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 exchange on a fresh plain socket: the fuzzer's request bytes go out exactly as generated. */
final class RawHttp {
  /** No status line arrived: the connection ended first. */
  static final int CLOSED = -1;
  /** No (complete) answer within the time bound. */
  static final int HUNG = -2;

  private RawHttp() {}

  /** An answer: status (or {@link #CLOSED}/{@link #HUNG}) and the response head. */
  record Answer(int status, String head, String body) {
    Answer(int status, String head) {
      this(status, head, "");
    }
  }

  /**
   * Sends {@code request} and reads the answer to its end (the requests say {@code Connection: close});
   * a {@code text/event-stream} 200 counts as answered once its first line has arrived.
   */
  static Answer exchange(InetAddress local, int port, byte[] request, int timeoutMs) throws IOException {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.bind(new InetSocketAddress(local, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (IOException e) {
        // The server may answer (e.g. 413, 431) and close before it has read the whole request.
      }
      InputStream in = new BufferedInputStream(s.getInputStream());
      String head;
      try {
        head = readHead(in, 256 * 1024);
      } catch (EOFException | java.net.SocketException e) {
        return new Answer(CLOSED, String.valueOf(e));
      } catch (SocketTimeoutException e) {
        return new Answer(HUNG, "no answer within " + timeoutMs + " ms");
      }
      int status = status(head);
      if (request.length > 5 && new String(request, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ")) {
        return new Answer(status, head); // no body follows the head of a HEAD answer
      }
      if (status == 101) {
        return new Answer(status, head); // a WebSocket now: answered
      }
      long length = contentLength(head);
      try {
        if (status == 200 && head.toLowerCase().contains("text/event-stream")) {
          // A stream: answered once its first line ("retry:", "data:" or a comment) is here.
          if (in.read() < 0) {
            return new Answer(CLOSED, head + "\n(stream ended before its first line)");
          }
          return new Answer(status, head);
        }
        byte[] buf = new byte[8192];
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int got;
        long read = 0;
        // Read to the end of the body: its length, or the end of the connection (Connection: close).
        while ((length < 0 || read < length) && (got = in.read(buf, 0, (int) Math.min(buf.length,
            length < 0 ? buf.length : length - read))) >= 0) {
          read += got;
          if (body.size() < 64 * 1024) {
            body.write(buf, 0, got);
          }
          if (System.nanoTime() > deadline) {
            return new Answer(HUNG, head + "\n(body not finished within " + timeoutMs + " ms)");
          }
        }
        String text = body.toString(StandardCharsets.UTF_8);
        return new Answer(status, head, head.toLowerCase().contains("transfer-encoding: chunked") ? dechunk(text) : text);
      } catch (SocketTimeoutException e) {
        return new Answer(HUNG, head + "\n(body not finished within " + timeoutMs + " ms)");
      } catch (java.net.SocketException e) {
        // reset after the head: the answer is the head
      }
      return new Answer(status, head);
    }
  }

  /** The Content-Length of a response head, or -1. */
  static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        try {
          return Long.parseLong(line.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** The content of a chunked body (best effort: for reading small JSON answers). */
  static String dechunk(String s) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < s.length()) {
      int eol = s.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(s.substring(at, eol).split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0 || eol + 2 + size > s.length()) {
        break;
      }
      out.append(s, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }

  /** Reads up to and including the blank line that ends a response head. */
  static String readHead(InputStream in, int max) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after " + head.size() + " bytes of the response head");
      }
      head.write(b);
      if (head.size() > max) {
        throw new IOException("response head longer than " + max);
      }
      state = (b == '\r' && (state == 0 || state == 2)) ? state + 1
          : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The status code of a response head, or 0 when the first line is not a status line. */
  static int status(String head) {
    if (!head.startsWith("HTTP/1.") || head.length() < 12) {
      return 0;
    }
    try {
      return Integer.parseInt(head.substring(9, 12));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
