package dev.tidings.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The watch loop: connects, subscribes every channel, prints each event once and in order, and
 * after a lost connection reconnects (with {@link Backoff}) and resumes every channel with
 * {@code since} from the last event it printed, so nothing is lost or printed twice. Everything runs
 * on the calling thread.
 */
final class Watcher {

  /** What to watch and how. {@code channels} are full channel names; {@code notifications} adds {@code user:<you>}. */
  record Settings(URI uri, String token, List<String> channels, boolean notifications, String sinceEpoch, Long sinceOffset,
      boolean json, long count, int maxRetries, Backoff backoff, Duration connectTimeout) {}

  /** Where one channel stands: its epoch and the last offset printed; live once its latest subscribe is answered. */
  private static final class Position {
    String epoch;
    long offset = -1;
    // --since OFFSET without an epoch: the first answer tells the epoch, then the channel is subscribed again.
    Long sinceWithoutEpoch;
    long pendingId;
    boolean live;
    boolean resubscribeWhenEnded;
    boolean announced;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  // A connection that has said nothing (not even a ping) this long is dead: the server pings every 25 s.
  private static final Duration SILENCE = Duration.ofSeconds(75);

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;
  private final EventLines lines;
  private final HttpClient http;
  private final Map<String, Position> positions = new LinkedHashMap<>();
  private long nextId;
  private long printed;
  private volatile Connection current;

  Watcher(Settings settings, PrintStream out, PrintStream err, EventLines lines) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.lines = lines;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    for (String c : settings.channels()) {
      positions.put(c, new Position());
    }
    if (settings.sinceOffset() != null) {
      Position p = positions.values().iterator().next();
      if (settings.sinceEpoch() != null) {
        p.epoch = settings.sinceEpoch();
        p.offset = settings.sinceOffset();
      } else {
        p.sinceWithoutEpoch = settings.sinceOffset();
      }
    }
  }

  /** Watches until {@code count} events were printed (OK) or something final happens (a {@link WatchFailure}). */
  Exit run() throws InterruptedException {
    int failures = 0;
    while (true) {
      Connection c;
      try {
        c = Connection.open(http, settings.uri(), settings.token(), settings.connectTimeout());
      } catch (Connection.Refused r) {
        refusal(r);
        failures = retry(failures, "the server answered " + r.getMessage());
        continue;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failures = retry(failures, "cannot connect to " + settings.uri() + " (" + describe(e) + ")");
        continue;
      }
      current = c;
      try {
        String lost = session(c);
        if (lost == null) {
          c.close();
          return Exit.OK;
        }
        c.abort();
        // A session that got as far as its subscriptions starts the count of failures again.
        failures = positions.values().stream().anyMatch(p -> p.announced) ? 0 : failures;
        failures = retry(failures, lost);
      } catch (WatchFailure | InterruptedException e) {
        c.abort();
        throw e;
      } finally {
        current = null;
      }
    }
  }

  /** Closes the connection normally (Ctrl-C). */
  void stop() {
    Connection c = current;
    if (c != null) {
      c.close();
    }
  }

  private void refusal(Connection.Refused r) {
    switch (r.status) {
      case 401, 403 -> throw new WatchFailure(Exit.AUTH, "The server refused the credentials (" + r.getMessage()
          + "): check " + CliConfig.TOKEN_ENV + " or token= in the config file");
      case 400 -> {
        if (r.getMessage().contains("unsupported_version") || r.getMessage().contains("Unsupported protocol")) {
          throw new WatchFailure(Exit.UNSUPPORTED_VERSION, "The server does not speak " + Connection.PROTOCOL + " (" + r.getMessage() + ")");
        }
        throw new WatchFailure(Exit.ERROR, "The server refused the connection: " + r.getMessage());
      }
      case 404 -> throw new WatchFailure(Exit.ERROR, "No Tidings endpoint at " + settings.uri() + " (HTTP 404): is the plugin installed?");
      default -> {
        // 429 (too many connections), 5xx, a proxy in between: worth retrying.
      }
    }
  }

  private int retry(int failures, String why) throws InterruptedException {
    int n = failures + 1;
    if (n > settings.maxRetries()) {
      throw new WatchFailure(Exit.UNREACHABLE, why + "; gave up after " + settings.maxRetries() + " retries");
    }
    Duration d = settings.backoff().delay(n);
    err.printf("tidings: %s; reconnecting in %.1f s (retry %d of %d)%n", why, d.toMillis() / 1000.0, n, settings.maxRetries());
    Thread.sleep(d.toMillis());
    return n;
  }

  /** One connection's life: null when done ({@code --count} reached), else why it was lost. */
  private String session(Connection c) throws InterruptedException {
    for (Position p : positions.values()) {
      p.live = false;
    }
    String user = null;
    if (Connection.PROTOCOL.equals(c.protocol())) {
      JsonNode welcome = read(c, settings.connectTimeout());
      if (welcome == null) {
        return "no welcome from the server";
      }
      if (!"welcome".equals(welcome.path("type").asText())) {
        return ended(welcome, c);
      }
      user = welcome.path("user").isTextual() ? welcome.path("user").asText() : null;
    }
    if (settings.notifications()) {
      if (user == null) {
        throw new WatchFailure(Exit.AUTH, "--notifications needs a signed-in token with the read:notification scope (set "
            + CliConfig.TOKEN_ENV + ")");
      }
      positions.computeIfAbsent("user:" + user, k -> new Position());
    }
    for (String channel : positions.keySet()) {
      subscribe(c, channel);
    }
    while (true) {
      JsonNode m = read(c, SILENCE);
      if (m == null) {
        if (c.silentNanos() >= SILENCE.toNanos()) {
          return "the connection went silent";
        }
        continue;
      }
      String lost = handle(c, m);
      if (lost != null) {
        return lost.isEmpty() ? null : lost;
      }
    }
  }

  /** The next message as JSON; a close or failure as {@code {"type":"closed"|"failed",...}}; null after {@code timeout}. */
  private static JsonNode read(Connection c, Duration timeout) throws InterruptedException {
    Connection.Incoming in = c.next(timeout);
    if (in == null) {
      return null;
    }
    ObjectNode n = JSON.createObjectNode();
    if (in instanceof Connection.Text t) {
      try {
        JsonNode parsed = JSON.readTree(t.text());
        if (parsed.isObject()) {
          ((ObjectNode) parsed).put("$raw", t.text());
          return parsed;
        }
      } catch (Exception e) {
        // Reported as unreadable below.
      }
      n.put("type", "unreadable").put("$raw", t.text());
    } else if (in instanceof Connection.Closed cl) {
      n.put("type", "closed").put("code", cl.code()).put("reason", cl.reason());
    } else if (in instanceof Connection.Failed f) {
      n.put("type", "failed").put("reason", describe(f.cause()));
    }
    return n;
  }

  /** Handles one message: null to go on, "" when done, otherwise why the connection is lost. */
  private String handle(Connection c, JsonNode m) {
    switch (m.path("type").asText()) {
      case "event" -> {
        return event(c, m);
      }
      case "subscribed" -> subscribed(c, m);
      case "error" -> error(c, m);
      case "unsubscribed" -> {
        Position p = positions.get(m.path("channel").asText());
        if (p != null && p.resubscribeWhenEnded && !m.has("id")) {
          p.resubscribeWhenEnded = false;
          subscribe(c, m.path("channel").asText());
        }
      }
      case "closed", "failed" -> {
        return ended(m, c);
      }
      default -> {
        // welcome (again), pong, and types added later within v1: nothing to do.
      }
    }
    return null;
  }

  private String ended(JsonNode m, Connection c) {
    if (m.path("type").asText().equals("closed")) {
      int code = m.path("code").asInt();
      String reason = m.path("reason").asText();
      if (code == 4501) {
        throw new WatchFailure(Exit.AUTH, "The server ended the connection for good: credentials revoked (4501); "
            + "the token was deleted or expired");
      }
      if ((code >= 4500 && code <= 4999) || code == 1009 || code == 1002 || code == 1003) {
        throw new WatchFailure(Exit.ERROR, "The server closed the connection with " + code + " " + reason);
      }
      return "connection closed by the server (" + code + (reason.isEmpty() ? "" : " " + reason) + ")";
    }
    if (m.path("type").asText().equals("failed")) {
      return "connection lost (" + m.path("reason").asText() + ")";
    }
    return "unexpected first message " + EventLines.clean(m.path("$raw").asText());
  }

  private void subscribe(Connection c, String channel) {
    Position p = positions.get(channel);
    p.live = false;
    p.pendingId = ++nextId;
    ObjectNode cmd = JSON.createObjectNode().put("type", "subscribe").put("channel", channel).put("id", p.pendingId);
    if (p.epoch != null && p.offset >= 0) {
      cmd.putObject("since").put("epoch", p.epoch).put("offset", p.offset);
    }
    c.send(cmd.toString());
  }

  private void subscribed(Connection c, JsonNode m) {
    String channel = m.path("channel").asText();
    Position p = positions.get(channel);
    if (p == null || m.path("id").asLong() != p.pendingId) {
      return;
    }
    String epoch = m.path("epoch").asText();
    long latest = m.path("offset").asLong();
    if (p.sinceWithoutEpoch != null) {
      p.epoch = epoch;
      p.offset = p.sinceWithoutEpoch;
      p.sinceWithoutEpoch = null;
      subscribe(c, channel);
      return;
    }
    JsonNode recovered = m.get("recovered");
    if (recovered == null) {
      p.offset = latest;
      err.printf("tidings: watching %s from offset %d (epoch %s)%n", channel, latest, EventLines.clean(epoch));
    } else if (recovered.asBoolean()) {
      err.printf("tidings: %s %s after offset %d (%d event%s to catch up)%n", p.announced ? "resumed" : "watching", channel,
          p.offset, latest - p.offset, latest - p.offset == 1 ? "" : "s");
    } else {
      err.printf("tidings: %s could not be resumed after offset %d (recovered:false: history gone or too long); "
          + "events in between are NOT shown, continuing from offset %d%n", channel, p.offset, latest);
      if (settings.json()) {
        out.println(JSON.createObjectNode().put("type", "gap").put("channel", channel).put("after", p.offset)
            .put("epoch", epoch).put("offset", latest).toString());
      }
      p.offset = latest;
    }
    p.epoch = epoch;
    p.live = true;
    p.announced = true;
    out.flush();
  }

  private String event(Connection c, JsonNode m) {
    String channel = m.path("channel").asText();
    Position p = positions.get(channel);
    if (p == null || !p.live) {
      return null;
    }
    long offset = m.path("offset").asLong();
    if (offset <= p.offset) {
      return null;
    }
    if (offset > p.offset + 1) {
      err.printf("tidings: %s jumped from offset %d to %d; asking for the missed events%n", channel, p.offset, offset);
      subscribe(c, channel);
      return null;
    }
    p.offset = offset;
    out.println(settings.json() ? m.path("$raw").asText() : lines.line(m));
    out.flush();
    return ++printed >= settings.count() ? "" : null;
  }

  private void error(Connection c, JsonNode m) {
    String code = m.path("code").asText();
    String channel = m.path("channel").asText();
    String message = EventLines.clean(m.path("message").asText());
    Position p = positions.get(channel);
    switch (code) {
      case "forbidden", "bad_channel" -> throw new WatchFailure(Exit.FORBIDDEN, "access revoked".equals(message)
          ? "Access to " + channel + " was revoked"
          : "Cannot watch " + channel + ": " + message + " (the repository does not exist, or you may not read it)");
      case "unauthenticated" -> throw new WatchFailure(Exit.AUTH, "Cannot watch " + channel + " without signing in: " + message
          + " (set " + CliConfig.TOKEN_ENV + ")");
      case "replay_interrupted" -> {
        if (p != null) {
          p.resubscribeWhenEnded = true;
        }
      }
      case "event_too_large", "rate_limited", "internal" -> {
        if (p != null) {
          err.printf("tidings: %s: %s; subscribing again%n", channel, code);
          subscribe(c, channel);
        }
      }
      default -> throw new WatchFailure(Exit.ERROR, "The server answered " + code + ": " + message);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The channels a {@code watch} target names, validated like the server does. */
  static List<String> channels(String repo, boolean prs, boolean issues) {
    List<String> out = new ArrayList<>();
    if (repo == null) {
      return out;
    }
    if (!repo.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new WatchFailure(Exit.USAGE, "Not a repository: '" + EventLines.clean(repo) + "'; use owner/name, e.g. alice/demo");
    }
    if (prs) {
      out.add("repo:" + repo + "/prs");
    }
    if (issues) {
      out.add("repo:" + repo + "/issues");
    }
    if (out.isEmpty()) {
      out.add("repo:" + repo);
    }
    return out;
  }
}
