package dev.tidings.plugin.ui;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.tidings.plugin.web.SecurityHeaders;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small response writers for the UI routes. */
final class Responses {

  private Responses() {}

  /** Writes {@code {"message":...}} with {@code status}; always returns true (the request is handled). */
  static boolean json(Response response, Callback callback, int status, String message) {
    String body = "{\"message\":\"" + escapeJson(message) + "\"}";
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    SecurityHeaders.json(response);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  /** Writes an HTML page. */
  static boolean html(Response response, Callback callback, int status, String html) {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    SecurityHeaders.page(response);
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }

  static String escapeJson(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
