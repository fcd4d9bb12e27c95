package dev.tidings.plugin.hub;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key the per-address connection limit counts a client under: an IPv4 address as it is, an
 * IPv6 address by its /64 network (one subscriber line usually gets a whole /64, so counting single
 * IPv6 addresses would let one client rotate through 2^64 of them).
 */
public final class AddressKey {

  private AddressKey() {}

  /** The counting key of {@code address} (as Jetty reports it, IPv6 possibly in brackets); null stays null. */
  public static String of(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return address;
    }
    String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    if (!literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return address; // not an IP literal: never resolve names here
    }
    InetAddress ip;
    try {
      ip = InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      return address;
    }
    if (!(ip instanceof Inet6Address)) {
      return ip.getHostAddress(); // IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the IPv4 address
    }
    byte[] b = ip.getAddress();
    StringBuilder key = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
    }
    return key.append(":/64").toString();
  }
}
