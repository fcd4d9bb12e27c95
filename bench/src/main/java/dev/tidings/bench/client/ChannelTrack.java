package dev.tidings.bench.client;

/** What one connection saw on one channel: position, unique events, duplicates and gaps (by offset). */
public final class ChannelTrack {

  String epoch;
  long subscribedOffset = -1;
  long lastOffset = -1;
  long received;
  long duplicates;
  long gaps;
  Boolean recovered;

  public long received() {
    return received;
  }

  public long duplicates() {
    return duplicates;
  }

  public long gaps() {
    return gaps;
  }

  public long lastOffset() {
    return lastOffset;
  }

  public long subscribedOffset() {
    return subscribedOffset;
  }

  public String epoch() {
    return epoch;
  }

  public Boolean recovered() {
    return recovered;
  }

  /** Counts one event offset; returns true when it is new. */
  boolean onEvent(long offset) {
    if (lastOffset >= 0 && offset <= lastOffset) {
      duplicates++;
      return false;
    }
    if (lastOffset >= 0 && offset > lastOffset + 1) {
      gaps += offset - lastOffset - 1;
    }
    lastOffset = offset;
    received++;
    return true;
  }
}
