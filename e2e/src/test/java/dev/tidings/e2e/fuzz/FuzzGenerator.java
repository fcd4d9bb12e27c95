package dev.tidings.e2e.fuzz;

import static dev.tidings.e2e.fuzz.Hostile.pick;
import static dev.tidings.e2e.fuzz.Hostile.q;

import dev.tidings.e2e.fuzz.WsFrames.Length;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Input number {@code n} of seed {@code s} is a pure function of (s, n): any single input can be
 * replayed alone ({@code -Dtidings.fuzz.seed=s -Dtidings.fuzz.from=n -Dtidings.fuzz.inputs=1}).
 */
final class FuzzGenerator {
  private final long seed;
  private final int port;
  private final String aliceToken;
  private final String bobToken;

  FuzzGenerator(long seed, int port, String aliceToken, String bobToken) {
    this.seed = seed;
    this.port = port;
    this.aliceToken = aliceToken;
    this.bobToken = bobToken;
  }

  /** The random source of input {@code n}. */
  SplittableRandom random(long n) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L);
  }

  FuzzInput input(long n) {
    SplittableRandom r = random(n);
    int k = r.nextInt(100);
    if (k < 55) {
      return ws(r);
    }
    if (k < 66) {
      return sse(r);
    }
    if (k < 77) {
      return poll(r);
    }
    if (k < 93) {
      return publish(r);
    }
    if (k < 97) {
      return handshake(r);
    }
    return garbage(r);
  }

  // ---------------------------------------------------------------- WebSocket frames

  private FuzzInput.Ws ws(SplittableRandom r) {
    boolean auth = r.nextInt(3) == 0;
    int k = r.nextInt(100);
    List<byte[]> w = new ArrayList<>();
    String kind;
    if (k < 38) {
      kind = "ws.command";
      w.add(WsFrames.frame(WsFrames.TEXT, utf8(Hostile.command(r)), r));
    } else if (k < 45) {
      kind = "ws.fragmented";
      byte[] text = utf8(Hostile.command(r));
      w.add(fragments(r, text, r.nextInt(2, 40), r.nextInt(4) == 0));
    } else if (k < 48) {
      kind = "ws.fragment-flood";
      byte[] text = utf8("{\"type\":\"ping\",\"pad\":\"" + "f".repeat(r.nextInt(0, 3000)) + "\"}");
      w.add(fragments(r, text, r.nextInt(200, 3000), false));
    } else if (k < 51) {
      kind = "ws.unfinished-fragment";
      w.add(WsFrames.frame(false, 0, r.nextBoolean() ? WsFrames.TEXT : WsFrames.BINARY, utf8("{\"type\":"), true,
          Length.MINIMAL, -1, r));
    } else if (k < 53) {
      kind = "ws.orphan-continuation";
      w.add(WsFrames.frame(r.nextBoolean(), 0, WsFrames.CONTINUATION, utf8("{\"type\":\"ping\"}"), true, Length.MINIMAL, -1, r));
    } else if (k < 56) {
      kind = "ws.unknown-opcode";
      int[] unknown = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
      w.add(WsFrames.frame(r.nextBoolean(), 0, unknown[r.nextInt(unknown.length)], Hostile.randomBytes(r, r.nextInt(0, 200)),
          true, Length.MINIMAL, -1, r));
    } else if (k < 59) {
      kind = "ws.rsv";
      w.add(WsFrames.frame(true, r.nextInt(1, 8), r.nextBoolean() ? WsFrames.TEXT : WsFrames.PING,
          utf8("{\"type\":\"ping\"}"), true, Length.MINIMAL, -1, r));
    } else if (k < 64) {
      kind = "ws.invalid-utf8";
      byte[] bad = Hostile.invalidUtf8(r);
      w.add(r.nextBoolean() ? WsFrames.frame(WsFrames.TEXT, bad, r) : fragments(r, bad, r.nextInt(2, 8), false));
    } else if (k < 67) {
      kind = "ws.ping-frame";
      int n = r.nextInt(3) == 0 ? r.nextInt(126, 2000) : r.nextInt(0, 126);
      w.add(WsFrames.frame(r.nextInt(5) != 0, 0, WsFrames.PING, Hostile.randomBytes(r, n), true, Length.MINIMAL, -1, r));
    } else if (k < 71) {
      kind = "ws.close-frame";
      w.add(WsFrames.frame(WsFrames.CLOSE, closePayload(r), r));
    } else if (k < 74) {
      kind = "ws.unmasked";
      w.add(WsFrames.frame(true, 0, WsFrames.TEXT, utf8(Hostile.command(r)), false, Length.MINIMAL, -1, r));
    } else if (k < 76) {
      kind = "ws.binary";
      w.add(WsFrames.frame(WsFrames.BINARY, r.nextBoolean() ? utf8("{\"type\":\"ping\"}")
          : Hostile.randomBytes(r, r.nextInt(0, 3000)), r));
    } else if (k < 79) {
      kind = "ws.oversize";
      w.add(oversize(r));
    } else if (k < 81) {
      kind = "ws.empty";
      w.add(WsFrames.frame(WsFrames.TEXT, utf8(r.nextBoolean() ? "" : " \n "), r));
    } else if (k < 84) {
      kind = "ws.burst";
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int n = r.nextInt(5, 60);
      for (int i = 0; i < n; i++) {
        b.writeBytes(WsFrames.frame(WsFrames.TEXT, utf8(r.nextBoolean() ? "{\"type\":\"ping\"}" : Hostile.command(r)), r));
      }
      w.add(b.toByteArray());
    } else if (k < 86) {
      kind = "ws.long-length-form";
      w.add(WsFrames.frame(true, 0, WsFrames.TEXT, utf8(Hostile.command(r)), true,
          r.nextBoolean() ? Length.FORCE_16 : Length.FORCE_64, -1, r));
    } else if (k < 88) {
      kind = "ws.pong-frame";
      w.add(WsFrames.frame(WsFrames.PONG, Hostile.randomBytes(r, r.nextInt(0, 126)), r));
    } else if (k < 92) {
      kind = "ws.random-header";
      // Any fin/rsv/opcode, but an honest length: the server must never wait for bytes that do not come.
      w.add(WsFrames.frame(r.nextBoolean(), r.nextInt(8), r.nextInt(16), Hostile.randomBytes(r, r.nextInt(0, 126)),
          r.nextInt(6) != 0, Length.MINIMAL, -1, r));
    } else if (k < 96) {
      kind = "ws.split-writes";
      // One valid frame written a few bytes at a time (the server must reassemble it).
      byte[] f = WsFrames.frame(WsFrames.TEXT, utf8(Hostile.command(r)), r);
      for (int at = 0; at < f.length; ) {
        int n = Math.min(f.length - at, r.nextInt(1, 8));
        byte[] part = new byte[n];
        System.arraycopy(f, at, part, 0, n);
        w.add(part);
        at += n;
      }
    } else {
      kind = "ws.random-text";
      w.add(WsFrames.frame(WsFrames.TEXT, utf8(Hostile.randomText(r, r.nextInt(0, 2000))), r));
    }
    return new FuzzInput.Ws(kind, auth, w);
  }

  /** {@code payload} as one message in {@code n} frames (first TEXT, then continuations); optionally a ping in between. */
  private static byte[] fragments(SplittableRandom r, byte[] payload, int n, boolean pingInside) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + n * 8);
    int at = 0;
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      int len = last ? payload.length - at : Math.min(payload.length - at, r.nextInt(0, Math.max(1, 2 * payload.length / n + 1)));
      byte[] part = new byte[len];
      System.arraycopy(payload, at, part, 0, len);
      at += len;
      out.writeBytes(WsFrames.frame(last, 0, i == 0 ? WsFrames.TEXT : WsFrames.CONTINUATION, part, true, Length.MINIMAL, -1, r));
      if (pingInside && i == n / 2) {
        out.writeBytes(WsFrames.frame(WsFrames.PING, utf8("in-between"), r)); // legal: control frames may interleave
      }
    }
    return out.toByteArray();
  }

  private static byte[] closePayload(SplittableRandom r) {
    int[] codes = {0, 999, 1000, 1001, 1002, 1004, 1005, 1006, 1012, 1015, 1016, 2999, 3000, 4000, 4999, 5000, 65535};
    int code = codes[r.nextInt(codes.length)];
    return switch (r.nextInt(5)) {
      case 0 -> new byte[0];
      case 1 -> new byte[] {(byte) r.nextInt(256)};
      case 2 -> concat(new byte[] {(byte) (code >> 8), (byte) code}, new byte[] {(byte) 0xC0, (byte) 0x80});
      case 3 -> concat(new byte[] {(byte) (code >> 8), (byte) code}, utf8("r".repeat(r.nextInt(0, 200))));
      default -> new byte[] {(byte) (code >> 8), (byte) code};
    };
  }

  private static byte[] oversize(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> WsFrames.frame(WsFrames.TEXT, utf8("{\"type\":\"ping\",\"p\":\"" + "x".repeat(r.nextInt(65_600, 140_000)) + "\"}"), r);
      case 1 -> fragments(r, utf8("{\"type\":\"ping\",\"p\":\"" + "x".repeat(r.nextInt(65_600, 130_000)) + "\"}"), r.nextInt(2, 6), false);
      case 2 -> fragments(r, utf8("{\"type\":\"ping\",\"p\":\"" + "x".repeat(r.nextInt(132_000, 200_000)) + "\"}"), r.nextInt(4, 10), false);
      default -> {
        // A length far beyond any limit, with only a little payload: refused at the header, never awaited.
        long[] lengths = {1L << 31, 1L << 40, Long.MAX_VALUE, -1L, 1L << 62};
        yield WsFrames.frame(true, 0, WsFrames.TEXT, utf8("{\"type\":\"ping\"}"), true, Length.FORCE_64,
            lengths[r.nextInt(lengths.length)], r);
      }
    };
  }

  // ---------------------------------------------------------------- HTTP

  private FuzzInput sse(SplittableRandom r) {
    StringBuilder headers = new StringBuilder();
    if (r.nextInt(3) != 0) {
      headers.append("Accept: ").append(r.nextInt(4) == 0 ? Hostile.randomName(r) : "text/event-stream").append("\r\n");
    }
    if (r.nextInt(4) == 0) {
      headers.append("Last-Event-ID: ").append(headerSafe(Hostile.cursor(r))).append("\r\n");
    }
    String kind = "sse." + queryKind(r);
    return http(r, kind, "sse", method(r, "GET"), "/plugins/tidings/events", query(r, kind, false), headers.toString(), null);
  }

  private FuzzInput poll(SplittableRandom r) {
    String kind = "poll." + queryKind(r);
    String[] badTimeouts = {"-1", "abc", "61", "1e1", "99999999999999999999", "0.5", "NaN", "0x0", "%00", "1 ",
        "%2B0", "-0", "9223372036854775808", "00", "1"};
    String timeout = r.nextInt(10) < 7 ? "0" : pick(r, badTimeouts);
    String q = query(r, kind, true);
    String query = (q.isEmpty() ? "" : q + "&") + "timeout=" + timeout;
    return http(r, kind, "poll", method(r, "GET"), "/plugins/tidings/poll", query, "", null);
  }

  private static String queryKind(SplittableRandom r) {
    String[] kinds = {"channels", "channels", "cursor", "params", "too-many", "encoding"};
    return pick(r, kinds);
  }

  private static String query(SplittableRandom r, String kind, boolean poll) {
    List<String> params = new ArrayList<>();
    if (kind.endsWith("too-many")) {
      int n = r.nextInt(95, 140);
      for (int i = 0; i < n; i++) {
        params.add("channel=" + enc(r.nextBoolean() ? "repo:alice/demo" : "repo:alice/r" + i));
      }
    } else {
      int n = r.nextInt(0, 5);
      for (int i = 0; i < n; i++) {
        params.add("channel=" + enc(Hostile.channel(r)));
      }
    }
    if (kind.endsWith("cursor") || r.nextInt(5) == 0) {
      params.add("cursor=" + enc(Hostile.cursor(r)));
    }
    if (kind.endsWith("params")) {
      String[] names = {"channel", "channel[]", "Channel", "cursor", "since", "x", "", "=", "channel%00", "id"};
      int n = r.nextInt(1, 6);
      for (int i = 0; i < n; i++) {
        String name = pick(r, names);
        params.add(r.nextInt(4) == 0 ? name : name + "=" + enc(Hostile.anyValue(r)));
      }
    }
    if (kind.endsWith("encoding")) {
      String[] raw = {"%", "%zz", "%u0041", "%00", "%C0%80", "%FF", "%E2%82", "a b", "\"", "<>", "%2", "+%2B+", "&&&",
          "channel=repo:alice/demo#frag", ";", "channel=repo%3Aalice%2Fdemo", "channel=%72epo:alice/demo", "\\", "{}"};
      int n = r.nextInt(1, 4);
      for (int i = 0; i < n; i++) {
        params.add((r.nextBoolean() ? "channel=" : "") + pick(r, raw));
      }
    }
    // Shuffle a little so order-dependent parsing is exercised.
    for (int i = params.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String t = params.get(i);
      params.set(i, params.get(j));
      params.set(j, t);
    }
    return String.join("&", params);
  }

  private FuzzInput publish(SplittableRandom r) {
    String kind;
    String body;
    int k = r.nextInt(20);
    String channel = pick(r, Hostile.WATCHED);
    if (k < 5) {
      kind = "publish.valid";
      body = "{\"channel\":" + q(channel) + ",\"event\":\"" + (r.nextBoolean() ? "ci.fuzz" : "custom.fuzz-" + r.nextInt(9))
          + "\",\"data\":{\"n\":" + r.nextInt(1_000_000) + "}}";
    } else if (k < 7) {
      kind = "publish.channel";
      body = "{\"channel\":" + (r.nextInt(4) == 0 ? Hostile.anyValue(r) : q(Hostile.channel(r)))
          + ",\"event\":\"ci.fuzz\",\"data\":{}}";
    } else if (k < 9) {
      kind = "publish.event-name";
      String[] names = {"push", "pr.merged", "issue.opened", "notification", "repo.deleted", "ci.", "ci.UPPER", "custom.",
          "custom." + "a".repeat(65), "ci.a/b", "CI.x", " ci.x", "ci.x\u0000", "ci..", "custom.é", "tag.created", ""};
      body = "{\"channel\":" + q(channel) + ",\"event\":" + (r.nextInt(4) == 0 ? Hostile.anyValue(r) : q(pick(r, names)))
          + ",\"data\":{}}";
    } else if (k < 12) {
      kind = "publish.data";
      body = "{\"channel\":" + q(channel) + ",\"event\":\"ci.fuzz\",\"data\":" + data(r) + "}";
    } else if (k < 13) {
      kind = "publish.too-large";
      body = "{\"channel\":" + q(channel) + ",\"event\":\"ci.fuzz\",\"data\":{\"p\":\"" + "y".repeat(r.nextInt(16_000, 40_000)) + "\"}}";
    } else if (k < 15) {
      kind = "publish.not-json";
      body = r.nextBoolean() ? Hostile.notJson(r) : Hostile.mutate(r, "{\"channel\":\"repo:alice/demo\",\"event\":\"ci.x\",\"data\":{}}");
    } else if (k < 17) {
      kind = "publish.deep";
      body = r.nextBoolean() ? Hostile.deep(r, r.nextInt(2, 20000))
          : "{\"channel\":" + q(channel) + ",\"event\":\"ci.fuzz\",\"data\":{\"d\":" + Hostile.deep(r, r.nextInt(2, 3000)) + "}}";
    } else {
      kind = "publish.command-like";
      body = Hostile.command(r);
    }
    StringBuilder headers = new StringBuilder();
    String[] types = {"application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", "garbage", "application/json;;;"};
    if (r.nextInt(8) != 0) {
      headers.append("Content-Type: ").append(r.nextInt(5) != 0 ? "application/json" : pick(r, types)).append("\r\n");
    }
    String method = r.nextInt(15) == 0 ? pick(r, new String[] {"GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) : "POST";
    FuzzInput.Http h = http(r, kind, "publish", method, "/plugins/tidings/api/publish", "", headers.toString(), body);
    return h;
  }

  private static String data(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> Hostile.anyValue(r);
      case 1 -> "{\"n\":" + pick(r, new String[] {"1e400", "-1e400", "123456789012345678901234567890", "NaN", "1E-400",
          "9223372036854775808", "0.1e99999"}) + "}";
      case 2 -> "{\"s\":\"\\ud800\",\"t\":\"\\u0000\",\"u\":" + q(Hostile.randomText(r, 50)) + "}";
      case 3 -> "{\"a\":1,\"a\":2}";
      case 4 -> "{\"k\":" + q("z".repeat(r.nextInt(15_000, 17_000))) + "}";
      default -> "{" + q(Hostile.randomText(r, 10)) + ":" + Hostile.anyValue(r) + "}";
    };
  }

  private FuzzInput handshake(SplittableRandom r) {
    String[] variants = {"token-in-url", "access-token-in-url", "bad-auth", "bad-version", "bad-key", "no-upgrade",
        "deflate", "protocol", "evil-origin-cookie", "post", "no-key", "head", "bad-query"};
    String v = pick(r, variants);
    String path = "/plugins/tidings/ws";
    String method = "GET";
    StringBuilder h = new StringBuilder();
    String key = Base64.getEncoder().encodeToString(Hostile.randomBytes(r, 16));
    boolean upgrade = true;
    switch (v) {
      case "token-in-url" -> path += "?token=" + (r.nextBoolean() ? aliceToken : "abc");
      case "access-token-in-url" -> path += "?access_token=x&channel=repo:alice/demo";
      case "bad-auth" -> h.append("Authorization: ").append(authGarbage(r)).append("\r\n");
      case "bad-version" -> h.append("Sec-WebSocket-Version: ").append(pick(r, new String[] {"8", "14", "x", ""})).append("\r\n");
      case "bad-key" -> key = pick(r, new String[] {"", "short", "!!!!", "a".repeat(300)});
      case "no-upgrade" -> upgrade = false;
      case "deflate" -> h.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n");
      case "protocol" -> h.append("Sec-WebSocket-Protocol: ").append(Hostile.randomName(r)).append(", chat\r\n");
      case "evil-origin-cookie" -> h.append("Origin: https://evil.example\r\nCookie: session=")
          .append(Hostile.randomName(r)).append("\r\n");
      case "post" -> method = "POST";
      case "bad-query" -> path += "?" + pick(r, new String[] {"x=%C0%80", "%", "channel=%FF", "a=%zz", "q=%E2%82"});
      case "no-key" -> key = null;
      default -> method = "HEAD";
    }
    if (upgrade) {
      h.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
      if (!v.equals("bad-version")) {
        h.append("Sec-WebSocket-Version: 13\r\n");
      }
      if (key != null) {
        h.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
      }
    }
    String req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + h
        + (upgrade ? "" : "Connection: close\r\n") + "\r\n";
    return new FuzzInput.Http("handshake." + v, "handshake", latin1(req));
  }

  private FuzzInput garbage(SplittableRandom r) {
    String host = "Host: 127.0.0.1:" + port + "\r\n";
    String[] paths = {"/plugins/tidings/events", "/plugins/tidings/poll", "/plugins/tidings/api/publish", "/plugins/tidings/ws"};
    String p = pick(r, paths);
    String v = pick(r, new String[] {"huge-header", "huge-uri", "bad-header", "bad-version", "no-host", "nul", "obs-fold",
        "dup-length", "bad-chunk", "percent-path", "lf-only", "absolute-uri", "random"});
    String req = switch (v) {
      case "huge-header" -> "GET " + p + "?channel=repo:alice/demo&timeout=0 HTTP/1.1\r\n" + host + "X-Big: "
          + "h".repeat(r.nextInt(9000, 70000)) + "\r\nConnection: close\r\n\r\n";
      case "huge-uri" -> "GET " + p + "?channel=" + "u".repeat(r.nextInt(9000, 70000)) + " HTTP/1.1\r\n" + host
          + "Connection: close\r\n\r\n";
      case "bad-header" -> "GET " + p + "?timeout=0 HTTP/1.1\r\n" + host + "Bad Header: x\r\n: empty\r\nConnection: close\r\n\r\n";
      case "bad-version" -> "GET " + p + "?timeout=0 " + pick(r, new String[] {"HTTP/1.2", "HTTP/9.9", "HTTX/1.1", "http/1.1"})
          + "\r\n" + host + "Connection: close\r\n\r\n";
      case "no-host" -> "GET " + p + "?channel=repo:alice/demo&timeout=0 HTTP/1.1\r\nConnection: close\r\n\r\n";
      case "nul" -> "GET " + p + "?channel=repo:alice/demo\u0000&timeout=0 HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n";
      case "obs-fold" -> "GET " + p + "?channel=repo:alice/demo&timeout=0 HTTP/1.1\r\n" + host + "X-A: a\r\n b\r\n"
          + "Connection: close\r\n\r\n";
      case "dup-length" -> "POST /plugins/tidings/api/publish HTTP/1.1\r\n" + host + "Authorization: token " + aliceToken
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}";
      case "bad-chunk" -> "POST /plugins/tidings/api/publish HTTP/1.1\r\n" + host + "Authorization: token " + aliceToken
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
          + pick(r, new String[] {"zz\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFF\r\n{}\r\n", "-1\r\n\r\n", "2\r\n{}\r\n0\r\n\r\n"});
      case "percent-path" -> "GET /plugins/tidings/" + pick(r, new String[] {"%zz", "%2e%2e/%2e%2e/api/v1/user", "ev%00ents",
          "%65vents", "events/../poll", "events;x=y", "EVENTS", "./events"}) + "?timeout=0 HTTP/1.1\r\n" + host
          + "Connection: close\r\n\r\n";
      case "lf-only" -> "GET " + p + "?channel=repo:alice/demo&timeout=0 HTTP/1.1\n" + host.replace("\r\n", "\n")
          + "Connection: close\n\n";
      case "absolute-uri" -> "GET http://evil.example" + p + "?channel=repo:alice/demo&timeout=0 HTTP/1.1\r\n" + host
          + "Connection: close\r\n\r\n";
      default -> new String(Hostile.randomBytes(r, r.nextInt(1, 400)), StandardCharsets.ISO_8859_1) + "\r\n\r\n";
    };
    return new FuzzInput.Http("garbage." + v, "garbage", latin1(req));
  }

  private FuzzInput.Http http(SplittableRandom r, String kind, String endpoint, String method, String path, String query,
      String headers, String body) {
    StringBuilder req = new StringBuilder();
    req.append(method).append(' ').append(path);
    if (!query.isEmpty()) {
      req.append('?').append(query);
    }
    req.append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
    req.append(auth(r, endpoint.equals("publish")));
    req.append(headers);
    if (r.nextInt(20) == 0) {
      req.append("Origin: ").append(pick(r, new String[] {"https://evil.example", "null", "http://127.0.0.1:" + port}))
          .append("\r\n");
    }
    if (r.nextInt(30) == 0) {
      req.append("Cookie: session=").append(Hostile.randomName(r)).append("\r\nSec-Fetch-Site: cross-site\r\n");
    }
    byte[] payload = body == null ? null : utf8(body);
    if (payload != null) {
      req.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    req.append("\r\n");
    byte[] head = latin1Or8(req.toString());
    return new FuzzInput.Http(kind, endpoint, payload == null ? head : concat(head, payload));
  }

  /** An Authorization header line: valid tokens mostly for publish, garbage otherwise. */
  private String auth(SplittableRandom r, boolean publish) {
    int k = r.nextInt(10);
    if (publish ? k < 6 : k < 3) {
      return "Authorization: token " + aliceToken + "\r\n";
    }
    if (k == 6 || k == 3) {
      return "Authorization: Bearer " + bobToken + "\r\n";
    }
    if (k == 7) {
      return "Authorization: " + authGarbage(r) + "\r\n";
    }
    return "";
  }

  private static String authGarbage(SplittableRandom r) {
    return switch (r.nextInt(9)) {
      case 0 -> "token " + Hostile.randomName(r);
      case 1 -> "Bearer";
      case 2 -> "Basic " + Hostile.randomName(r);
      case 3 -> "Basic " + Base64.getEncoder().encodeToString(Hostile.randomBytes(r, r.nextInt(0, 40)));
      case 4 -> "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8));
      case 5 -> "Digest username=\"alice\"";
      case 6 -> "token " + "t".repeat(r.nextInt(100, 3000));
      // A real password check (PBKDF2) is expensive: only about one input in 2,000 makes one.
      case 7 -> r.nextInt(30) == 0 ? "Basic " + Base64.getEncoder().encodeToString(("alice:wrong" + r.nextInt(9))
          .getBytes(StandardCharsets.UTF_8)) : "token ";
      default -> "token " + headerSafe(Hostile.randomText(r, 20));
    };
  }

  private static String method(SplittableRandom r, String usual) {
    return r.nextInt(20) == 0 ? pick(r, new String[] {"POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO"})
        : usual;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Header values must not contain CR/LF (that would be a different input: a header injection). */
  private static String headerSafe(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Request heads are Latin-1, except where a generated value carries other characters: then raw UTF-8. */
  private static byte[] latin1Or8(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return utf8(s);
      }
    }
    return latin1(s);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
