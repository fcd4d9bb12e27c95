package dev.tidings.plugin.session;

import java.util.List;

/**
 * The protocol versions this server speaks and how a client's offer is answered. A version is named
 * as a WebSocket subprotocol ({@code tidings.v1}); SSE and long-poll clients may send the same name
 * in the {@link #HEADER} request header. A client that names no version speaks v1 (every client
 * written before versions existed).
 */
public final class ProtocolVersions {

  /** The version this server speaks, and the only one so far. */
  public static final String V1 = "tidings.v1";

  /** Every version the server accepts, newest first. */
  public static final List<String> SUPPORTED = List.of(V1);

  /** The HTTP header that names the version on SSE and long-poll requests and on every answer. */
  public static final String HEADER = "Tidings-Protocol";

  /** The answer to a refused offer: {@code unsupported_version}, HTTP 400. */
  public static final String UNSUPPORTED = "unsupported_version";

  private ProtocolVersions() {}

  /**
   * The version to speak with a client that offered {@code offered} (in its order of preference):
   * the first supported one; {@link #V1} when nothing was offered; null when only versions (or
   * other subprotocols) this server does not speak were offered.
   */
  public static String select(List<String> offered) {
    if (offered == null || offered.isEmpty()) {
      return V1;
    }
    for (String o : offered) {
      String v = o.trim();
      if (SUPPORTED.contains(v)) {
        return v;
      }
    }
    return null;
  }

  /** The message of a refused offer, naming what is supported. */
  public static String refusal(List<String> offered) {
    String names = String.join(", ", offered.stream().map(o -> ChannelChecks.abbreviate(o.trim(), 40)).limit(5).toList());
    return "Unsupported protocol version (offered: " + names + "); this server speaks " + String.join(", ", SUPPORTED)
        + ". Offer tidings.v1 (or no subprotocol, which means v1)";
  }
}
