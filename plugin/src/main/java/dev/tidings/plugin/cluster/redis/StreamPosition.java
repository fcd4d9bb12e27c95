package dev.tidings.plugin.cluster.redis;

/** Where one event sits in one channel: the channel's epoch and the offset the append gave it. */
public record StreamPosition(String channel, String epoch, long offset) {}
