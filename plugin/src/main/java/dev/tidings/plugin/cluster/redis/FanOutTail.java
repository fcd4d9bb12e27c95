package dev.tidings.plugin.cluster.redis;

import dev.tidings.plugin.lifecycle.Workers;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's reader of the fan-out stream, after Socket.IO's Redis streams adapter: it blocks on
 * {@code XREAD} from the ID of the last entry it handed on, so a dropped connection or a Redis
 * restart costs a pause, not events. Entries arrive in append order, which per channel is offset
 * order. When the stream was trimmed past that ID while the node was away (or Redis lost data), the
 * listener hears {@link Listener#onGap} before the entries that follow: the node must then make its
 * clients resume from history, because some live events never reached it.
 *
 * <p>Needs its own connection: a blocking read holds the connection for up to {@code block}.
 */
public final class FanOutTail {

  private static final Logger log = LoggerFactory.getLogger(FanOutTail.class);

  /** Receives the fan-out on the tail's thread, in stream order; must hand work on quickly. */
  public interface Listener {
    void onEntry(FanOutEntry entry);

    /** Entries after {@code lastId} up to the next one delivered may be missing. */
    void onGap(String lastId);
  }

  private final RedisCommands<String, String> redis;
  private final String key;
  private final Listener listener;
  private final Duration block;
  private final int batch;
  private volatile boolean running;
  private volatile String lastId;
  private long lastSeq; // tail thread only after start; 0 = not known
  private Thread thread;

  public FanOutTail(RedisCommands<String, String> dedicated, RedisKeys keys, Listener listener, Duration block,
      int batch) {
    this.redis = dedicated;
    this.key = keys.fanout();
    this.listener = listener;
    this.block = block;
    this.batch = batch;
  }

  /** Starts reading after the newest entry now in the stream (events appended later all arrive). */
  public synchronized void start() {
    List<StreamMessage<String, String>> newest = redis.xrevrange(key, Range.create("-", "+"),
        io.lettuce.core.Limit.from(1));
    lastSeq = newest.isEmpty() ? 0 : entry(newest.get(0).getId(), newest.get(0).getBody()).seq();
    begin(newest.isEmpty() ? "0-0" : newest.get(0).getId(), false);
  }

  /** Starts reading after {@code id} (a {@link #lastId()} of an earlier tail), checking it is still held. */
  public synchronized void startAfter(String id) {
    lastSeq = 0;
    begin(id, true);
  }

  private void begin(String id, boolean resumed) {
    lastId = id;
    running = true;
    thread = Workers.thread("redis-fanout", () -> run(resumed));
  }

  /** Stops reading; a read in progress ends within {@code block}. */
  public synchronized void stop() throws InterruptedException {
    running = false;
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.join(block.toMillis() + 5_000);
    }
  }

  /** The ID of the last entry handed to the listener. */
  public String lastId() {
    return lastId;
  }

  private void run(boolean resuming) {
    boolean resumed = resuming;
    long backoff = 50;
    while (running) {
      try {
        if (resumed) {
          checkForGap();
          resumed = false;
        }
        List<StreamMessage<String, String>> messages = redis.xread(
            XReadArgs.Builder.block(block).count(batch), StreamOffset.from(key, lastId));
        for (StreamMessage<String, String> m : messages) {
          FanOutEntry e = entry(m.getId(), m.getBody());
          if (lastSeq > 0 && e.seq() != lastSeq + 1) {
            // Trimmed past this node while it was not reading (a pause, not an error), or Redis
            // started a new sequence after losing its data: either way entries are missing.
            log.warn("The Redis fan-out jumped from #{} to #{}: live events may have been missed", lastSeq, e.seq());
            listener.onGap(lastId);
          }
          lastSeq = e.seq();
          listener.onEntry(e);
          lastId = m.getId();
        }
        backoff = 50;
      } catch (RedisException e) {
        if (!running) {
          break;
        }
        log.warn("Reading the Redis fan-out failed ({}); retrying in {} ms from {}", e.getMessage(), backoff, lastId);
        resumed = true;
        sleep(backoff);
        backoff = Math.min(2_000, backoff * 2);
      } catch (RuntimeException e) {
        // A listener failure must not stop the node's fan-out; the entry is counted as handed on.
        log.error("The fan-out listener failed after {}", lastId, e);
      }
    }
  }

  /** After an outage: is the entry we stopped at still there? If not, history moved on without us. */
  private void checkForGap() {
    if ("0-0".equals(lastId)) {
      return;
    }
    if (redis.xrange(key, Range.create(lastId, lastId)).isEmpty()) {
      log.warn("The Redis fan-out no longer holds {}: live events may have been missed", lastId);
      listener.onGap(lastId);
    }
  }

  static FanOutEntry entry(String id, Map<String, String> body) {
    List<StreamPosition> positions = new ArrayList<>(2);
    for (String line : body.getOrDefault("p", "").split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", 3);
      positions.add(new StreamPosition(f[0], f[1], Long.parseLong(f[2])));
    }
    String seq = body.get("q");
    return new FanOutEntry(id, seq == null ? 0 : Long.parseLong(seq), List.copyOf(positions), body.get("h"),
        body.get("d"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
