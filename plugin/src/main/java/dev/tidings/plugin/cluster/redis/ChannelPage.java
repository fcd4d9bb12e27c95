package dev.tidings.plugin.cluster.redis;

import java.util.List;

/**
 * A channel's position and up to a page of its events after some offset, read atomically.
 * {@code events} run from the offset asked for plus one when history still holds it.
 */
public record ChannelPage(String epoch, long top, List<StoredEvent> events) {

  /**
   * Whether this page continues a client that stands at {@code epoch}/{@code after} without a hole:
   * same epoch, and either nothing happened since or the page starts right after it. Never true
   * for a partial history (trimmed by retention): the client must then be told it was not recovered.
   */
  public boolean continues(String clientEpoch, long after) {
    if (!epoch.equals(clientEpoch) || after > top) {
      return false;
    }
    return after == top || (!events.isEmpty() && events.get(0).offset() == after + 1);
  }

  /** Whether more events follow this page (the caller reads the next page after the last offset). */
  public boolean hasMore() {
    return !events.isEmpty() && events.get(events.size() - 1).offset() < top;
  }
}
