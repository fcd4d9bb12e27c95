package dev.tidings.plugin.cluster.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Work shared by the nodes, taken from the fan-out stream through a Redis consumer group: each
 * event goes to exactly one live node, which acknowledges it once done; the entries of a node
 * that died before acknowledging are claimed by another after {@code claimAfter}. This is how the
 * notification router runs once per event however many nodes see it (the thread writes are
 * idempotent as well, so a claimed entry done twice changes nothing).
 */
public final class RedisWorkQueue {

  private final RedisCommands<String, String> redis;
  private final String key;
  private final String group;
  private final Duration claimAfter;

  public RedisWorkQueue(RedisCommands<String, String> dedicated, RedisKeys keys, String group, Duration claimAfter) {
    this.redis = dedicated;
    this.key = keys.fanout();
    this.group = group;
    this.claimAfter = claimAfter;
  }

  /** Creates the group at the end of the stream if it does not exist (the first node to start does). */
  public void ensureGroup() {
    try {
      redis.xgroupCreate(StreamOffset.from(key, "$"), group, XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException exists) {
      // BUSYGROUP: another node created it; its position is the shared one.
    }
  }

  /**
   * The next work for {@code consumer}: entries abandoned by other consumers for longer than the
   * claim delay first, else new entries (blocking up to {@code block}).
   */
  public List<FanOutEntry> take(String consumer, int count, Duration block) {
    ClaimedMessages<String, String> claimed = redis.xautoclaim(key,
        XAutoClaimArgs.Builder.xautoclaim(Consumer.from(group, consumer), claimAfter, "0-0").count(count));
    List<StreamMessage<String, String>> messages = claimed.getMessages();
    if (messages.isEmpty()) {
      messages = redis.xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.block(block).count(count),
          StreamOffset.lastConsumed(key));
    }
    List<FanOutEntry> entries = new ArrayList<>(messages.size());
    for (StreamMessage<String, String> m : messages) {
      if (m.getBody() != null) {
        entries.add(FanOutTail.entry(m.getId(), m.getBody()));
      }
    }
    return entries;
  }

  /** Marks entries as done: no other node will take them. */
  public void done(List<String> ids) {
    if (!ids.isEmpty()) {
      redis.xack(key, group, ids.toArray(String[]::new));
    }
  }
}
