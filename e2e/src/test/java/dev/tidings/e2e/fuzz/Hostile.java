package dev.tidings.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** Hostile values: channel names, JSON texts, numbers, ids, cursors. Pure functions of the random source. */
final class Hostile {
  /** Channels alice/demo has: the ones the fuzzer publishes to and the observer watches. */
  static final List<String> WATCHED = List.of("repo:alice/demo", "repo:alice/demo/prs", "repo:alice/demo/issues");
  static final List<String> REAL = List.of("repo:alice/demo", "repo:alice/demo/prs", "repo:alice/demo/issues",
      "repo:acme/secret", "user:alice", "user:bob", "org:acme", "repo:acme/site", "repo:nobody/nothing",
      "presence:alice/demo/issues/1", "presence:acme/secret/pulls/2");
  private static final String[] PREFIXES = {"repo:", "user:", "org:", "REPO:", "Repo:", "repo", "repo::", "", "rep:",
      "repo:/", "user:alice:", "org:acme/", " repo:", "repo:\u0000", "presence:", "presence:alice/demo/issues/"};
  private static final String[] PIECES = {"alice", "demo", "ALICE", "Demo", "acme", "secret", "/", "//", ".", "..",
      "../", "%2e", "%2F", "\u0000", "\u202e", "é", "😀", " ", "\t", "\n", "'", "\"", "<", ">", "\\", "*", "?", "#",
      "-", "_", "prs", "issues", "/prs", "/issues", "/events", "0", "a", "\ud800", "\uffff", "${x}", "%s", "ＡＢ"};
  private static final String[] NUMBERS = {"0", "-1", "1", "1.5", "1e400", "-1e400", "1E-400", "0.0000001",
      "123456789012345678901234567890", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
      "2147483648", "-0", "00", "1.", ".5", "0x10", "NaN", "Infinity", "-Infinity", "+1", "1e", "--1", "4e9"};
  private static final String MUTATIONS = "{}[]\",:\\0-e.9 ";
  private static final String[] TYPES = {"subscribe", "unsubscribe", "ping", "typing"};

  private Hostile() {}

  /** A JSON string literal for {@code s} (escaped so that the text stays valid JSON). */
  static String q(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  static <T> T pick(SplittableRandom r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** A channel name: real ones, near misses and garbage. */
  static String channel(SplittableRandom r) {
    int k = r.nextInt(10);
    if (k < 3) {
      return pick(r, REAL);
    }
    if (k < 8) {
      StringBuilder b = new StringBuilder(pick(r, PREFIXES));
      int n = r.nextInt(1, 8);
      for (int i = 0; i < n; i++) {
        b.append(r.nextInt(3) == 0 ? randomName(r) : pick(r, PIECES));
      }
      return b.toString();
    }
    if (k == 8) {
      return "repo:" + "a".repeat(r.nextInt(90, 130)) + "/" + "b".repeat(r.nextInt(1, 5000));
    }
    return randomText(r, r.nextInt(0, 200));
  }

  /** A name that matches or nearly matches the documented name pattern. */
  static String randomName(SplittableRandom r) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(0, 12);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Random code points, all planes, surrogates excluded (the text itself is valid Unicode). */
  static String randomText(SplittableRandom r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int cp = switch (r.nextInt(4)) {
        case 0 -> r.nextInt(0, 0x80);
        case 1 -> r.nextInt(0x80, 0x800);
        case 2 -> r.nextInt(0x800, 0xD800);
        default -> r.nextInt(0x10000, 0x110000);
      };
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  /** A JSON value of any type (possibly deep or huge). */
  static String anyValue(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> "null";
      case 1 -> r.nextBoolean() ? "true" : "false";
      case 2 -> pick(r, NUMBERS);
      case 3 -> q(channel(r));
      case 4 -> "[]";
      case 5 -> "{}";
      case 6 -> deep(r, r.nextInt(2, 3000));
      case 7 -> "1".repeat(r.nextInt(20, 5000));
      case 8 -> q(randomText(r, r.nextInt(0, 300)));
      default -> "[" + pick(r, NUMBERS) + "," + q("x") + ",{\"a\":[null]}]";
    };
  }

  /** Nested arrays or objects {@code depth} deep. */
  static String deep(SplittableRandom r, int depth) {
    boolean arrays = r.nextBoolean();
    StringBuilder b = new StringBuilder(depth * 6);
    for (int i = 0; i < depth; i++) {
      b.append(arrays ? "[" : "{\"a\":");
    }
    b.append(r.nextBoolean() ? "1" : "null");
    for (int i = 0; i < depth; i++) {
      b.append(arrays ? "]" : "}");
    }
    return b.toString();
  }

  /** A command id: valid strings and integers, too long, wrong types, huge numbers. */
  static String id(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0, 1 -> q("i" + r.nextInt(1000));
      case 2 -> Integer.toString(r.nextInt());
      case 3 -> q("x".repeat(r.nextInt(120, 400)));
      default -> anyValue(r);
    };
  }

  /** A {@code since} value: objects with hostile fields, or not an object. */
  static String since(SplittableRandom r) {
    if (r.nextInt(4) == 0) {
      return anyValue(r);
    }
    String epoch = r.nextInt(3) == 0 ? anyValue(r) : q(r.nextBoolean() ? randomName(r) : randomText(r, 8));
    String offset = r.nextInt(3) == 0 ? anyValue(r) : pick(r, NUMBERS);
    return switch (r.nextInt(4)) {
      case 0 -> "{\"epoch\":" + epoch + "}";
      case 1 -> "{\"offset\":" + offset + "}";
      default -> "{\"epoch\":" + epoch + ",\"offset\":" + offset + "}";
    };
  }

  /** A WebSocket command text: valid, hostile and not JSON at all. */
  static String command(SplittableRandom r) {
    String type = q(pick(r, TYPES));
    return switch (r.nextInt(20)) {
      case 0, 1 -> "{\"type\":" + type + ",\"channel\":" + q(channel(r)) + ",\"id\":" + id(r) + "}";
      case 2 -> "{\"type\":\"ping\",\"id\":" + id(r) + "}";
      case 3 -> "{\"type\":\"subscribe\",\"channel\":" + q(channel(r)) + ",\"since\":" + since(r) + "}";
      case 4 -> "{\"type\":" + anyValue(r) + ",\"channel\":\"repo:alice/demo\"}";
      case 5 -> "{\"type\":" + q(r.nextBoolean() ? randomName(r) : randomText(r, r.nextInt(0, 50)))
          + ",\"channel\":\"repo:alice/demo\"}";
      case 6 -> "{\"type\":" + type + ",\"channel\":" + anyValue(r) + "}";
      case 7 -> r.nextBoolean() ? deep(r, r.nextInt(2, 20000)) : "{\"type\":\"ping\",\"x\":" + deep(r, r.nextInt(2, 9000)) + "}";
      case 8 -> "{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo/prs\",\"since\":{\"epoch\":\"e\",\"offset\":"
          + (r.nextBoolean() ? pick(r, NUMBERS) : "9".repeat(r.nextInt(20, 20000))) + "},\"id\":" + pick(r, NUMBERS) + "}";
      case 9 -> notJson(r);
      case 10 -> "{\"type\":\"ping\",\"type\":" + type + ",\"channel\":" + q(channel(r)) + ",\"channel\":"
          + q(channel(r)) + "}";
      case 11 -> "{\"type\":\"ping\",\"pad\":" + q("p".repeat(r.nextInt(1000, 64000))) + "}";
      case 12 -> "{\"type\":\"subscribe\",\"channel\":\"repo:alice/\\ud800demo\\u0000\",\"id\":\"\\udfff\"}";
      case 13 -> manyKeys(r);
      case 14 -> r.nextBoolean() ? "[" + q("subscribe") + "," + q("repo:alice/demo") + "]" : anyValue(r);
      case 15, 16 -> mutate(r, "{\"type\":" + type + ",\"channel\":\"repo:alice/demo\",\"id\":1,"
          + "\"since\":{\"epoch\":\"abc\",\"offset\":3}}");
      case 17 -> "{\"type\":\"unsubscribe\",\"channel\":" + q(pick(r, REAL)) + "}";
      case 18 -> "{\"type\":\"subscribe\",\"channel\":" + q(pick(r, REAL)) + ",\"id\":" + id(r) + "}";
      default -> "\uFEFF{\"type\":\"ping\"}";
    };
  }

  private static String manyKeys(SplittableRandom r) {
    StringBuilder b = new StringBuilder("{\"type\":\"ping\"");
    int n = r.nextInt(10, 5000);
    for (int i = 0; i < n; i++) {
      b.append(",\"k").append(r.nextBoolean() ? i : r.nextInt(50)).append("\":").append(pick(r, NUMBERS));
    }
    return b.append('}').toString();
  }

  /** Texts that are not (one) JSON value. */
  static String notJson(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0 -> "";
      case 1 -> " \t\r\n ";
      case 2 -> "{\"type\":\"ping\"} {\"type\":\"ping\"}";
      case 3 -> "{\"type\":\"ping\"";
      case 4 -> "{'type':'ping'}";
      case 5 -> "{type:ping}";
      case 6 -> "/*c*/{\"type\":\"ping\"}";
      case 7 -> "{\"type\":\"ping\"}x";
      case 8 -> randomText(r, r.nextInt(1, 500));
      default -> "{\"type\":\"ping\",}";
    };
  }

  /** {@code text} with a few random characters flipped, dropped or inserted. */
  static String mutate(SplittableRandom r, String text) {
    StringBuilder b = new StringBuilder(text);
    int n = r.nextInt(1, 6);
    for (int i = 0; i < n && b.length() > 0; i++) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, MUTATIONS.charAt(r.nextInt(MUTATIONS.length())));
        default -> b.setCharAt(at, (char) r.nextInt(0x20, 0x7F));
      }
    }
    return b.toString();
  }

  /** Invalid UTF-8 byte sequences (each alone makes a text message invalid). */
  static byte[] invalidUtf8(SplittableRandom r) {
    byte[][] bad = {
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xC3}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}};
    byte[] one = bad[r.nextInt(bad.length)];
    byte[] prefix = ("{\"type\":\"ping\",\"id\":\"" + randomName(r)).getBytes(StandardCharsets.UTF_8);
    byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + one.length + suffix.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(one, 0, out, prefix.length, one.length);
    System.arraycopy(suffix, 0, out, prefix.length + one.length, suffix.length);
    return out;
  }

  static byte[] randomBytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** A cursor: garbage base64, base64 of near-valid lines, huge, or not base64 at all. */
  static String cursor(SplittableRandom r) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    return switch (r.nextInt(8)) {
      case 0 -> url.encodeToString(randomBytes(r, r.nextInt(0, 200)));
      case 1 -> {
        StringBuilder lines = new StringBuilder();
        int n = r.nextInt(1, 5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            lines.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
          }
          lines.append(channel(r)).append(' ').append(r.nextBoolean() ? randomName(r) : randomText(r, 5)).append(' ')
              .append(pick(r, NUMBERS));
        }
        yield url.encodeToString(lines.toString().getBytes(StandardCharsets.UTF_8));
      }
      case 2 -> url.encodeToString(("repo:alice/demo " + randomName(r) + " " + r.nextInt(100)).getBytes(StandardCharsets.UTF_8));
      case 3 -> "A".repeat(r.nextInt(16000, 20000));
      case 4 -> Base64.getEncoder().encodeToString(randomBytes(r, r.nextInt(1, 60)));
      case 5 -> randomText(r, r.nextInt(1, 40));
      case 6 -> "=" + url.encodeToString(randomBytes(r, 9)) + "==";
      default -> url.encodeToString(("repo:alice/demo x 1\n" + "user:alice y " + pick(r, NUMBERS)).getBytes(StandardCharsets.UTF_8));
    };
  }
}
