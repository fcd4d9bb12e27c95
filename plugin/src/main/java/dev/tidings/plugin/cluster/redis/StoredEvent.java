package dev.tidings.plugin.cluster.redis;

/**
 * One event as a channel stream holds it: its offset, a small header (id, type, time, repository,
 * written by the caller) and the body. The wire envelope is built from these by the node that
 * delivers it, so the stored bytes do not depend on the channel they are read from.
 */
public record StoredEvent(long offset, String header, String body) {}
