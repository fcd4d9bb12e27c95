package dev.samplehost.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** HTML escaping for everything user-supplied that goes into a page. */
public final class Html {
  private Html() {}

  /** {@code s} escaped for element content and quoted attribute values (null becomes empty). */
  public static String esc(Object s) {
    if (s == null) {
      return "";
    }
    String in = s.toString();
    StringBuilder out = new StringBuilder(in.length() + 16);
    for (int i = 0; i < in.length(); i++) {
      char c = in.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code s} encoded for a URL path segment or query value. */
  public static String url(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
