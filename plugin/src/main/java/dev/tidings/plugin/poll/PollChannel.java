package dev.tidings.plugin.poll;

/** What a long-poll answer says about one channel; guarded by its {@link PollBatchSink}. */
final class PollChannel {
  String epoch;
  long offset;
  Boolean recovered;
  boolean revoked;
  boolean interrupted;
  // An event of this channel did not fit the answer: its position stays before it.
  boolean full;
}
