package dev.tidings.plugin.cluster.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Per-channel event history in Redis streams, with Centrifuge's guarantees: one atomic script
 * assigns each channel its next offset, appends the event to the channel's stream and to the
 * fan-out stream (and a repository event's notification work to the work stream), so offsets have no holes, a channel's order is the same on every node, and
 * nothing committed can miss the fan-out. A channel's epoch changes only when its history is gone
 * ({@link #forget}, or the meta key lost), which tells resuming clients they were not recovered.
 * Thread-safe: Lettuce connections may be shared.
 */
public final class RedisChannelLog {

  private static final RedisScript APPEND = RedisScript.load("append.lua");
  private static final RedisScript READ = RedisScript.load("read.lua");

  private final RedisCommands<String, String> redis;
  private final RedisKeys keys;
  private final RedisRetention retention;
  private final SecureRandom random = new SecureRandom();

  public RedisChannelLog(RedisCommands<String, String> redis, RedisKeys keys, RedisRetention retention) {
    this.redis = redis;
    this.keys = keys;
    this.retention = retention;
  }

  /** How long a retried append is recognised (a retry comes within a command timeout or a reconnect). */
  static final int RESULT_TTL_SECONDS = 300;

  /**
   * Appends one event to {@code channels} (at least one, no repeats) and to the fan-out stream;
   * returns once Redis has run the script (with {@code appendfsync always}: once it is on disk).
   * An append with the {@code eventId} of one stored in the last {@value #RESULT_TTL_SECONDS} s
   * stores nothing and returns the first answer: Lettuce sends a command again after a reconnect
   * when its reply was lost, and that must not store the event twice.
   */
  public Appended append(String eventId, List<String> channels, String header, String body) {
    return append(eventId, channels, header, body, null);
  }

  /**
   * {@link #append(String, List, String, String)}, and with {@code work} (not null) one entry on the
   * work stream in the same atomic step: the event's notification work (its journal JSON).
   */
  public Appended append(String eventId, List<String> channels, String header, String body, String work) {
    if (channels.isEmpty() || channels.stream().distinct().count() != channels.size()) {
      throw new IllegalArgumentException("An event needs distinct channels: " + channels);
    }
    String[] k = new String[channels.size() * 2 + 5];
    String[] a = new String[9 + channels.size()];
    a[0] = newEpoch();
    a[1] = Long.toString(retention.channelMaxLen());
    a[2] = Long.toString(retention.fanoutMaxLen());
    a[3] = retention.trim();
    a[4] = header;
    a[5] = body;
    a[6] = Integer.toString(RESULT_TTL_SECONDS);
    a[7] = Long.toString(retention.workMaxLen());
    a[8] = work == null ? "" : work;
    for (int i = 0; i < channels.size(); i++) {
      k[2 * i] = keys.meta(channels.get(i));
      k[2 * i + 1] = keys.stream(channels.get(i));
      a[9 + i] = channels.get(i);
    }
    k[k.length - 5] = keys.fanout();
    k[k.length - 4] = keys.fanoutMeta();
    k[k.length - 3] = keys.work();
    k[k.length - 2] = keys.workMeta();
    k[k.length - 1] = keys.result(eventId);
    List<Object> out = APPEND.run(redis, k, a);
    List<StreamPosition> positions = new ArrayList<>(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      positions.add(new StreamPosition(channels.get(i), (String) out.get(2 * i), (Long) out.get(2 * i + 1)));
    }
    return new Appended(List.copyOf(positions), (String) out.get(out.size() - 1));
  }

  /** {@link #append(String, List, String, String)} under a fresh id: never recognised as a retry. */
  public Appended append(List<String> channels, String header, String body) {
    return append("anon-" + newEpoch() + newEpoch(), channels, header, body, null);
  }

  /** The channel's epoch and top offset, and up to {@code maxCount} events after {@code after}. */
  public ChannelPage read(String channel, long after, int maxCount) {
    List<Object> out = READ.run(redis, new String[] {keys.meta(channel), keys.stream(channel)},
        newEpoch(), Long.toString(Math.max(0, after)), Integer.toString(Math.max(0, maxCount)));
    @SuppressWarnings("unchecked")
    List<Object> entries = (List<Object>) out.get(2);
    List<StoredEvent> events = new ArrayList<>(entries.size());
    for (Object e : entries) {
      events.add(stored((List<?>) e));
    }
    return new ChannelPage((String) out.get(0), (Long) out.get(1), List.copyOf(events));
  }

  /**
   * Forgets a channel's history (its repository was deleted): the next event starts a new epoch,
   * so nobody can resume into the old one.
   */
  public void forget(String channel) {
    redis.del(keys.meta(channel), keys.stream(channel));
  }

  private static StoredEvent stored(List<?> entry) {
    String id = (String) entry.get(0);
    Map<String, String> fields = RedisFields.of((List<?>) entry.get(1));
    return new StoredEvent(Long.parseLong(id.substring(0, id.indexOf('-'))), fields.get("h"), fields.get("d"));
  }

  private String newEpoch() {
    byte[] b = new byte[6];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
