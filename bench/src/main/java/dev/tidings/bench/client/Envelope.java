package dev.tidings.bench.client;

/**
 * Pulls the few fields the client needs out of a server message by scanning, not parsing, so the load
 * client stays cheap: the first "type", "channel", "offset", "epoch", "recovered" and data's "t".
 */
final class Envelope {

  private Envelope() {
  }

  static String string(String msg, String key) {
    String k = "\"" + key + "\":\"";
    int i = msg.indexOf(k);
    if (i < 0) {
      return null;
    }
    int s = i + k.length();
    int e = msg.indexOf('"', s);
    return e < 0 ? null : msg.substring(s, e);
  }

  static long number(String msg, String key, int from) {
    String k = "\"" + key + "\":";
    int i = msg.indexOf(k, from);
    if (i < 0) {
      return Long.MIN_VALUE;
    }
    int p = i + k.length();
    while (p < msg.length() && msg.charAt(p) == ' ') {
      p++;
    }
    long v = 0;
    boolean any = false;
    boolean neg = p < msg.length() && msg.charAt(p) == '-';
    if (neg) {
      p++;
    }
    for (; p < msg.length(); p++) {
      char c = msg.charAt(p);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      any = true;
    }
    return any ? (neg ? -v : v) : Long.MIN_VALUE;
  }

  /** The publisher's send stamp: "t" inside data, or MIN_VALUE. */
  static long sentMicros(String msg) {
    int d = msg.indexOf("\"data\":");
    return d < 0 ? Long.MIN_VALUE : number(msg, "bt", d);
  }

  static Boolean bool(String msg, String key) {
    String k = "\"" + key + "\":";
    int i = msg.indexOf(k);
    if (i < 0) {
      return null;
    }
    return msg.startsWith("true", i + k.length());
  }
}
