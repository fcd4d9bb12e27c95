package dev.tidings.plugin.hub;

/**
 * How a subscription begins: the channel's epoch and the offset the subscriber now stands at, and,
 * when it asked to resume ({@code since}), whether every missed event follows ({@code recovered}
 * true) or none do ({@code recovered} false); {@code recovered} is null without {@code since}.
 */
public record SubscribeStart(String channel, String epoch, long offset, Boolean recovered, int replayed) {}
