package dev.tidings.plugin.cluster.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Work shared by the nodes, taken from the work stream ({@link RedisKeys#work}) through a Redis
 * consumer group: each entry goes to exactly one live consumer, which acknowledges it once done;
 * the entries of a consumer that died before acknowledging are claimed by another after
 * {@code claimAfter}, and a consumer that starts again under its old name gets its own pending
 * entries back first ({@link #pending}). This is how the notification router runs once per event
 * however many nodes there are (the thread writes are idempotent as well, so a claimed entry done
 * twice changes nothing). It knows nothing of what an entry means: {@link WorkItem#payload} is
 * whatever the append script put in.
 */
public final class RedisWorkQueue {

  private static final RedisScript TAKE = RedisScript.load("take.lua");
  private static final RedisScript TRIM = RedisScript.load("trim.lua");

  /** One entry: its stream ID (to acknowledge) and its payload, null when Redis no longer holds it. */
  public record WorkItem(String id, String payload) {}

  /**
   * What one {@link #take} got: the items, and how many entries were trimmed from the stream
   * ({@code redis.work.maxLen}) before the group delivered them or while they were pending.
   */
  public record Batch(List<WorkItem> items, long lost) {
    static final Batch EMPTY = new Batch(List.of(), 0);
  }

  private final RedisCommands<String, String> redis;
  private final RedisKeys keys;
  private final String key;
  private final String group;
  private final Duration claimAfter;

  /** {@code dedicated}: a connection of its own, because {@link #take} may block it. */
  public RedisWorkQueue(RedisCommands<String, String> dedicated, RedisKeys keys, String group, Duration claimAfter) {
    this.redis = dedicated;
    this.keys = keys;
    this.key = keys.work();
    this.group = group;
    this.claimAfter = claimAfter;
  }

  /**
   * Creates the group at the start of the stream if it does not exist (the first node to start
   * does); run before the first append, so no entry is ever added before the group that routes it.
   */
  public void ensureGroup() {
    ensureGroup(redis, keys, group);
  }

  static void ensureGroup(RedisCommands<String, String> redis, RedisKeys keys, String group) {
    try {
      redis.xgroupCreate(StreamOffset.from(keys.work(), "0-0"), group, XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException exists) {
      // BUSYGROUP: another node created it; its position is the shared one.
    }
  }

  /**
   * {@code consumer}'s own pending entries after {@code after} (start with {@code "0"}): what it
   * took and never acknowledged in an earlier life. Page on with the last ID until empty.
   */
  public List<WorkItem> pending(String consumer, String after, int count) {
    List<StreamMessage<String, String>> messages = redis.xreadgroup(Consumer.from(group, consumer),
        XReadArgs.Builder.count(count), StreamOffset.from(key, after));
    return items(messages);
  }

  /**
   * The next work for {@code consumer}: entries abandoned by any consumer for longer than the claim
   * delay first, else new entries; when there are none, waits up to {@code block} for one to be
   * added and returns empty (call again).
   */
  public Batch take(String consumer, int count, Duration block) {
    ClaimedMessages<String, String> claimed = redis.xautoclaim(key,
        XAutoClaimArgs.Builder.xautoclaim(Consumer.from(group, consumer), claimAfter, "0-0").count(count));
    List<StreamMessage<String, String>> messages = claimed.getMessages();
    if (!messages.isEmpty()) {
      List<WorkItem> items = items(messages);
      return new Batch(items, items.stream().filter(i -> i.payload() == null).count());
    }
    List<Object> out = TAKE.run(redis, new String[] {key, keys.workMeta()}, group, consumer, Integer.toString(count));
    long lost = (Long) out.get(0);
    List<?> entries = (List<?>) out.get(1);
    if (entries.isEmpty()) {
      // Nothing new for the group: wait (without taking) until something is added after the
      // newest entry, which the next call then takes.
      redis.xread(XReadArgs.Builder.block(block).count(1), StreamOffset.from(key, (String) out.get(2)));
      return lost == 0 ? Batch.EMPTY : new Batch(List.of(), lost);
    }
    List<WorkItem> items = new ArrayList<>(entries.size());
    for (Object e : entries) {
      List<?> entry = (List<?>) e;
      items.add(new WorkItem((String) entry.get(0), RedisFields.of((List<?>) entry.get(1)).get("e")));
    }
    return new Batch(items, lost);
  }

  /**
   * Tells the group that {@code consumer} still works on {@code ids} (resets their idle time), so a
   * live node's slow entries (a push to 10,000 watchers, a batch still in hand) are not taken over
   * after the claim delay: only a node that stopped doing this loses its entries. Safe on a
   * connection shared with other commands (no blocking).
   */
  public void keep(String consumer, Collection<String> ids) {
    if (!ids.isEmpty()) {
      redis.xclaim(key, Consumer.from(group, consumer), XClaimArgs.Builder.justid().minIdleTime(0),
          ids.toArray(String[]::new));
    }
  }

  /** Marks entries as done: no other consumer will take them. */
  public void done(List<String> ids) {
    if (!ids.isEmpty()) {
      redis.xack(key, group, ids.toArray(String[]::new));
    }
  }

  /**
   * Removes the entries the group is done with (acknowledged, none pending before them), so the
   * stream holds only work not yet done; returns how many went. Safe on a shared connection.
   */
  public long trimDone() {
    return (Long) TRIM.run(redis, new String[] {key}, group).get(0);
  }

  /** How many entries the group delivered and nobody acknowledged yet (tests, operations). */
  public long pendingCount() {
    PendingMessages p = redis.xpending(key, group);
    return p.getCount();
  }

  private static List<WorkItem> items(List<StreamMessage<String, String>> messages) {
    List<WorkItem> items = new ArrayList<>(messages.size());
    for (StreamMessage<String, String> m : messages) {
      // A pending entry that trimming removed comes back without a body (or not at all).
      items.add(new WorkItem(m.getId(), m.getBody() == null ? null : m.getBody().get("e")));
    }
    return items;
  }
}
