package dev.tidings.plugin.hub;

/** One subscription's replay: up to {@code upTo}, moved on if more was committed meanwhile. */
final class ReplayFeed {

  final Subscription subscription;
  long upTo;

  ReplayFeed(Subscription subscription, long upTo) {
    this.subscription = subscription;
    this.upTo = upTo;
  }
}
