package dev.tidings.plugin.web;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads a request body whole, up to a size limit the route chooses. */
public final class HttpBodies {

  /** Most bytes of an oversize body read and dropped so that the 413 reaches the client. */
  private static final long DRAIN_LIMIT = 1 << 20;

  private HttpBodies() {}

  /**
   * The body's bytes: 413 {@code too_large} above {@code maxBytes}, 400 {@code bad_request} when it
   * cannot be read or ends before its {@code Content-Length}.
   */
  public static byte[] read(Request request, int maxBytes) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      long declared = request.getLength();
      byte[] bytes;
      if (declared >= 0 && declared <= maxBytes) {
        // The usual case: read exactly the declared length (readNBytes(limit) would allocate and
        // copy in 8 KiB chunks, which profiled as a fifth of the publish route's own time).
        bytes = new byte[(int) declared];
        if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
          throw HttpProblem.badRequest("The request body ended before its Content-Length");
        }
        return bytes;
      }
      bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        // Read (and drop) a bounded rest before answering: closing a connection with unread
        // request bytes resets it, and the client would never see the 413.
        drain(in);
        throw HttpProblem.tooLarge("The request body is larger than " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw HttpProblem.badRequest("The request body could not be read");
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long left = DRAIN_LIMIT;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }
}
