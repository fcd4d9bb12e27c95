package dev.tidings.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs inputs one after another from one client address: WebSocket inputs on a connection it keeps open
 * (and reopens after every close), HTTP inputs on fresh sockets. Each WebSocket input is followed by a
 * probe ({@code ping} with the input's number as id): the answer to the input is everything that arrives
 * before the probe's reply, or the close frame that ends the connection.
 */
final class FuzzWorker implements AutoCloseable {
  /** Longest wait for any answer; beyond it the input counts as a hang. */
  static final int ANSWER_TIMEOUT_MS = 15_000;

  private final FuzzGenerator gen;
  private final AllowList allow;
  private final InetAddress local;
  private final int port;
  private final String aliceAuth;
  private final Tally tally;
  private final long seed;
  /** Ids of events the publish endpoint accepted (201), with their channel: the observer must have all. */
  private final Map<String, String> published;
  private RawWs ws;

  FuzzWorker(FuzzGenerator gen, AllowList allow, InetAddress local, int port, String aliceAuth, Tally tally, long seed,
      Map<String, String> published) {
    this.gen = gen;
    this.allow = allow;
    this.local = local;
    this.port = port;
    this.aliceAuth = aliceAuth;
    this.tally = tally;
    this.seed = seed;
    this.published = published;
  }

  void run(long n) {
    FuzzInput input = gen.input(n);
    String answer;
    try {
      answer = input instanceof FuzzInput.Ws w ? runWs(n, w) : runHttp((FuzzInput.Http) input);
    } catch (Failure f) {
      answer = "FAILED";
      closeWs();
      tally.fail(String.format("seed %d input %d (%s, from %s): %s%n    input: %s%n    reproduce: mvn -B -o verify -pl e2e -am"
          + " -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ProtocolFuzzTest"
          + " -Dfailsafe.failIfNoSpecifiedTests=false -Dtidings.fuzz.seed=%d"
          + " -Dtidings.fuzz.from=%d -Dtidings.fuzz.inputs=1", seed, n, input.kind(), local.getHostAddress(),
          f.getMessage(), input.preview(), seed, n));
    } catch (IOException e) {
      answer = "FAILED";
      closeWs();
      tally.fail(String.format("seed %d input %d (%s): client I/O failure %s%n    input: %s", seed, n, input.kind(), e,
          input.preview()));
    }
    tally.count(input.kind(), answer);
  }

  /** An input that got an undefined answer (or none). */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- WebSocket

  private String runWs(long n, FuzzInput.Ws input) throws Failure, IOException {
    SplittableRandom r = gen.random(n).split();
    if (ws == null) {
      try {
        ws = RawWs.open(local, port, input.authenticated() ? aliceAuth : null, ANSWER_TIMEOUT_MS, r);
      } catch (RawWs.Refused e) {
        if (e.status == 429) {
          return "ws handshake 429";
        }
        throw new Failure("the handshake of a plain connection was refused: " + e.getMessage());
      } catch (SocketTimeoutException e) {
        throw new Failure("the handshake got no answer within " + ANSWER_TIMEOUT_MS + " ms");
      }
    }
    String probe = "probe-" + n;
    try {
      for (byte[] w : input.writes()) {
        ws.write(w);
      }
      ws.write(WsFrames.frame(WsFrames.TEXT, FuzzGenerator.utf8("{\"type\":\"ping\",\"id\":\"" + probe + "\"}"), r));
      ws.flush();
    } catch (SocketException e) {
      // The server closed while we wrote (e.g. after a protocol error): its close frame is waiting to be read.
    }
    Set<String> answers = new LinkedHashSet<>();
    long deadline = System.nanoTime() + ANSWER_TIMEOUT_MS * 1_000_000L;
    try {
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new Failure("no answer and no close within " + ANSWER_TIMEOUT_MS + " ms (answers so far " + answers + ")");
        }
        WsFrames.Frame f = WsFrames.read(ws.in, 1 << 24);
        switch (f.opcode()) {
          case WsFrames.TEXT -> {
            JsonNode m = json(f.payload(), answers);
            String type = m.path("type").asText("");
            if (probe.equals(m.path("id").asText(null))) {
              if (type.equals("error") && !m.path("code").asText().equals("rate_limited")) {
                throw new Failure("the probe got " + m + " (after " + answers + ")");
              }
              return key(answers.isEmpty() ? Set.of("ws no reply") : answers);
            }
            if (!AllowList.REPLY_TYPES.contains(type)) {
              throw new Failure("a message of unknown type: " + m);
            }
            if (type.equals("error")) {
              String code = m.path("code").asText("");
              if (!allow.errorCodes.contains(code)) {
                throw new Failure("error code '" + code + "' is not a documented answer: " + m);
              }
              answers.add("ws error " + code);
            } else if (!type.equals("event")) {
              answers.add("ws " + type);
            }
          }
          case WsFrames.PING -> {
            try {
              ws.write(WsFrames.frame(WsFrames.PONG, f.payload(), r));
            } catch (SocketException e) {
              // The server's keep-alive ping came before it closed on this input: its close frame is next.
            }
          }
          case WsFrames.PONG -> answers.add("ws pong frame");
          case WsFrames.CLOSE -> {
            int code = f.closeCode();
            closeWs();
            // A client's close is echoed (RFC 6455 5.5.1): its own code, or none (1005) when it sent none.
            boolean echo = input.kind().equals("ws.close-frame") || input.kind().equals("ws.random-header");
            if (!allow.closeCodes.contains(code) && !(echo && AllowList.echoable(code))) {
              throw new Failure("close code " + code + " (" + reason(f.payload()) + ") is not a defined answer (after "
                  + answers + ")");
            }
            answers.add("ws close " + code);
            return key(answers);
          }
          default -> throw new Failure("the server sent a frame with opcode " + f.opcode());
        }
      }
    } catch (EOFException | SocketException e) {
      closeWs();
      if (size(input) > 64 * 1024 || MUST_CLOSE.contains(input.kind())) {
        // An input the server must close the connection on (a protocol violation, or larger than
        // ws.maxMessageBytes): it closes while client bytes are still unread, the kernel may then reset the
        // connection, and the reset may discard the close frame sent just before. Under load about 1 in
        // 1,000-10,000 such inputs ends so (never seen alone). That is the documented 1006 "connection
        // dropped" for an input that had to be refused: counted apart, not failed. Any other input that
        // loses its connection is a failure.
        answers.add(e instanceof EOFException ? "ws dropped (1006) after a must-close input"
            : "ws reset after a must-close input");
        return key(answers);
      }
      throw new Failure("the connection dropped without a close frame (" + e + "; answers so far " + answers + ")");
    } catch (SocketTimeoutException e) {
      closeWs();
      throw new Failure("no answer and no close within " + ANSWER_TIMEOUT_MS + " ms (answers so far " + answers + ")");
    }
  }

  /** Input kinds that are protocol violations: RFC 6455 (or the message limit) requires closing the connection. */
  static final Set<String> MUST_CLOSE = Set.of("ws.oversize", "ws.rsv", "ws.unknown-opcode", "ws.unmasked",
      "ws.orphan-continuation", "ws.unfinished-fragment", "ws.invalid-utf8", "ws.random-header", "ws.close-frame",
      "ws.ping-frame");

  private static long size(FuzzInput.Ws input) {
    return input.writes().stream().mapToLong(w -> w.length).sum();
  }

  private static JsonNode json(byte[] payload, Set<String> answers) throws Failure {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      throw new Failure("the server sent a text frame that is not UTF-8");
    }
    try {
      JsonNode m = FuzzHost.JSON.readTree(text);
      if (m == null || !m.isObject()) {
        throw new Failure("the server sent a text frame that is not a JSON object: " + text);
      }
      return m;
    } catch (IOException e) {
      throw new Failure("the server sent a text frame that is not JSON: " + text + " (after " + answers + ")");
    }
  }

  private static String reason(byte[] payload) {
    return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
  }

  private static String key(Set<String> answers) {
    // Sorted, so a burst's answers in any order count as one combination; a close comes last anyway.
    return String.join(" + ", new java.util.TreeSet<>(answers));
  }

  private void closeWs() {
    if (ws != null) {
      ws.close();
      ws = null;
    }
  }

  // ---------------------------------------------------------------- HTTP

  private String runHttp(FuzzInput.Http input) throws Failure, IOException {
    RawHttp.Answer a = RawHttp.exchange(local, port, input.request(), ANSWER_TIMEOUT_MS);
    if (a.status() == RawHttp.HUNG) {
      throw new Failure(a.head());
    }
    if (a.status() == RawHttp.CLOSED) {
      throw new Failure("the connection closed without an HTTP answer: " + a.head());
    }
    if (!allow.httpOk(input.endpoint(), a.status())) {
      throw new Failure("HTTP " + a.status() + " is not a defined answer: " + firstLines(a.head()) + a.body());
    }
    if (a.status() == 201) {
      try {
        JsonNode b = FuzzHost.JSON.readTree(a.body());
        published.put(b.path("id").asText(), b.path("channel").asText());
      } catch (IOException e) {
        throw new Failure("201 without a JSON body: " + a.body());
      }
    }
    return input.endpoint() + " " + a.status();
  }

  private static String firstLines(String head) {
    return head.lines().limit(6).reduce("", (x, y) -> x + y + " | ");
  }

  @Override
  public void close() {
    closeWs();
  }
}
