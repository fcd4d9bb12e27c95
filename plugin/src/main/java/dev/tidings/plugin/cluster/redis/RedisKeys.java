package dev.tidings.plugin.cluster.redis;

/**
 * The key layout in Redis, after Centrifuge's: per channel a meta hash ({@code e} epoch, {@code s}
 * latest offset) and a stream whose entry IDs are the offsets ({@code <offset>-0}); one fan-out
 * stream that every node tails; one work stream that the nodes share (each entry goes to one node). The channel name sits in braces (a hash tag) so that a channel's two
 * keys always share a Redis Cluster slot; one event's keys span channels, so the append script
 * needs a single primary (see docs/scale-out.md).
 */
public record RedisKeys(String prefix) {

  public RedisKeys {
    if (prefix == null || prefix.isBlank() || prefix.contains("{") || prefix.contains("}")) {
      throw new IllegalArgumentException("A Redis key prefix must be non-empty and without braces: " + prefix);
    }
  }

  public String meta(String channel) {
    return prefix + ":meta:{" + channel + "}";
  }

  public String stream(String channel) {
    return prefix + ":stream:{" + channel + "}";
  }

  public String fanout() {
    return prefix + ":fanout";
  }

  /** The answer of the append of event {@code eventId}, kept a few minutes to recognise a retry. */
  public String result(String eventId) {
    return prefix + ":res:" + eventId;
  }

  /** The notification work: one entry per repository event, taken by one node through a consumer group. */
  public String work() {
    return prefix + ":work";
  }

  /** The work stream's sequence ({@code q}) and the last sequence its group delivered ({@code d}). */
  public String workMeta() {
    return prefix + ":work:meta";
  }

  /** The fan-out's sequence counter ({@code q}), so a tail can tell a trimmed gap from quiet. */
  public String fanoutMeta() {
    return prefix + ":fanout:meta";
  }
}
