package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.notify.Reason;

/** A user who gets (or keeps) a thread for an event, and why. */
public record Recipient(long userId, String login, Reason reason) {}
