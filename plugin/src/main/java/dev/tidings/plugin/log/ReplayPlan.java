package dev.tidings.plugin.log;

/**
 * The answer to "may the gap after epoch E, offset N of a channel be replayed": when
 * {@code recovered}, every event in ({@code after}, {@code upTo}] is in the log and together they
 * are within the caller's event and byte bounds (about {@code bytes} of envelopes), so the caller
 * can read them page by page; otherwise nothing may be replayed. {@code position} is the channel's
 * position when the plan was made.
 */
public record ReplayPlan(boolean recovered, ChannelPosition position, long after, long upTo, long bytes) {

  /** Nothing may be replayed: the epoch differs, the gap is beyond the retained history, or too large. */
  public static ReplayPlan notRecovered(ChannelPosition position) {
    return new ReplayPlan(false, position, position.offset(), position.offset(), 0);
  }

  /** Whether there is anything to replay. */
  public boolean hasEvents() {
    return recovered && upTo > after;
  }
}
