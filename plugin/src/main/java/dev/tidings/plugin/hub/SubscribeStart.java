package dev.tidings.plugin.hub;

/**
 * How a subscription begins: the channel's epoch and latest offset, and, when it asked to resume
 * ({@code since}), whether every missed event follows ({@code recovered} true) or none do
 * ({@code recovered} false); {@code recovered} is null without {@code since}. {@code standsAt} is
 * the offset the subscriber has seen everything up to once this is sent: {@code since}'s offset
 * while a replay follows (it moves with each replayed event), else {@code offset}.
 */
public record SubscribeStart(String channel, String epoch, long offset, Boolean recovered, long standsAt) {}
