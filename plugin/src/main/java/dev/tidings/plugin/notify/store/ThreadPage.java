package dev.tidings.plugin.notify.store;

import java.util.List;

/** One page of a user's threads and how many match in all, read from the same snapshot. */
public record ThreadPage(long total, List<NotificationThread> threads) {}
