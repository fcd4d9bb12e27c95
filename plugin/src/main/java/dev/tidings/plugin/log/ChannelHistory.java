package dev.tidings.plugin.log;

import java.util.ArrayList;
import java.util.List;

/** The read side of the log: where each channel stands and what it holds after a position. */
public interface ChannelHistory {

  /** The channel's current epoch and latest offset. */
  ChannelPosition position(String channel);

  /**
   * Everything after {@code offset} in {@code epoch}, or not recovered; never a partial replay.
   * Materialises the whole gap: subscriptions use {@link #planReplay} and {@link #readPage} instead.
   */
  Replay readAfter(String channel, String epoch, long offset);

  /**
   * Whether the gap after {@code offset} of {@code epoch} can be replayed completely with at most
   * {@code maxEvents} events and about {@code maxBytes} of envelopes, without reading the events
   * themselves (a log that cannot tell sizes cheaply may read them, as this default does).
   */
  default ReplayPlan planReplay(String channel, String epoch, long offset, int maxEvents, long maxBytes) {
    Replay r = readAfter(channel, epoch, offset);
    if (!r.recovered() || r.events().size() > maxEvents) {
      return ReplayPlan.notRecovered(r.position());
    }
    long bytes = 0;
    for (ChannelEvent e : r.events()) {
      bytes += e.envelope().length;
    }
    if (bytes > maxBytes) {
      return ReplayPlan.notRecovered(r.position());
    }
    long upTo = r.events().isEmpty() ? offset : r.events().get(r.events().size() - 1).offset();
    return new ReplayPlan(true, r.position(), offset, upTo, bytes);
  }

  /**
   * The events after {@code after} up to {@code upTo} of {@code epoch}, in order: at most
   * {@code maxEvents}, and no more after the one that reaches {@code maxBytes} (at least one, when
   * there is one). Entries removed by retention meanwhile are simply missing: the caller checks
   * that the offsets follow on.
   */
  default List<ChannelEvent> readPage(String channel, String epoch, long after, long upTo, int maxEvents, long maxBytes) {
    Replay r = readAfter(channel, epoch, after);
    List<ChannelEvent> page = new ArrayList<>();
    long bytes = 0;
    for (ChannelEvent e : r.events()) {
      if (e.offset() > upTo || page.size() >= maxEvents || (!page.isEmpty() && bytes >= maxBytes)) {
        break;
      }
      page.add(e);
      bytes += e.envelope().length;
    }
    return page;
  }
}
