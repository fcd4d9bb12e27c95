package dev.samplehost.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Takes the client's address from {@code Forwarded: for=} or {@code X-Forwarded-For}, but only
 * when the request comes straight from a configured trusted proxy, and then the right-most address
 * that is not itself a trusted proxy (proxies append; whatever is further left the client wrote
 * itself). Without trusted proxies the host never reads these headers, so a client cannot pick the
 * address that per-address limits count it under. Jetty's own ForwardedRequestCustomizer trusts
 * every sender and the left-most value, which is why this small customizer exists.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {
  private final Set<InetAddress> proxies;

  private TrustedProxies(Set<InetAddress> proxies) {
    this.proxies = proxies;
  }

  /** A customizer trusting {@code addresses} (IP literals), or null when there are none. */
  static TrustedProxies of(List<String> addresses) {
    if (addresses == null || addresses.isEmpty()) {
      return null;
    }
    List<InetAddress> parsed = new ArrayList<>();
    for (String a : addresses) {
      InetAddress ip = literal(a.trim());
      if (ip == null) {
        throw new IllegalArgumentException("trusted proxy must be an IP address, not: " + a);
      }
      parsed.add(ip);
    }
    return new TrustedProxies(Set.copyOf(parsed));
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(peer instanceof InetSocketAddress inet) || !proxies.contains(inet.getAddress())) {
      return request;
    }
    InetAddress client = client(request.getHeaders());
    if (client == null) {
      return request;
    }
    InetSocketAddress remote = new InetSocketAddress(client, 0);
    return new Request.Wrapper(request) {
      @Override
      public ConnectionMetaData getConnectionMetaData() {
        return new ConnectionMetaData.Wrapper(super.getConnectionMetaData()) {
          @Override
          public SocketAddress getRemoteSocketAddress() {
            return remote;
          }
        };
      }
    };
  }

  /** The right-most forwarded address that is not a trusted proxy; null when there is none. */
  InetAddress client(HttpFields headers) {
    List<String> hops = new ArrayList<>();
    String forwarded = headers.get("Forwarded");
    if (forwarded != null) {
      for (String element : forwarded.split(",")) {
        for (String pair : element.split(";")) {
          String p = pair.trim();
          if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
            hops.add(p.substring(4));
          }
        }
      }
    } else {
      for (String value : headers.getValuesList("X-Forwarded-For")) {
        for (String hop : value.split(",")) {
          hops.add(hop);
        }
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress ip = literal(strip(hops.get(i).trim()));
      if (ip == null) {
        return null; // "unknown", an obfuscated id or garbage: keep the proxy's own address
      }
      if (!proxies.contains(ip)) {
        return ip;
      }
    }
    return null;
  }

  /** Removes quotes, brackets and a port: {@code "[2001:db8::1]:4711"} becomes {@code 2001:db8::1}. */
  private static String strip(String hop) {
    String h = hop.startsWith("\"") && hop.endsWith("\"") && hop.length() > 1 ? hop.substring(1, hop.length() - 1) : hop;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    return colon > 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
  }

  /** An IP literal (never a DNS lookup), or null. */
  static InetAddress literal(String s) {
    if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      return null;
    }
    if (s.indexOf(':') >= 0 && !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
