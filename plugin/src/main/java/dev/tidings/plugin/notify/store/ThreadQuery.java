package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.notify.ThreadStatus;
import java.util.Set;

/**
 * A filter over one user's threads: statuses (empty = any), subject types (Gitea's capitalised
 * names; empty = any), a repository (0 = any), {@code since}/{@code before} in epoch seconds
 * (inclusive, null = open), and a page as offset and limit.
 */
public record ThreadQuery(
    long userId, long repoId, Set<ThreadStatus> statuses, Set<String> subjectTypes, Long sinceSeconds,
    Long beforeSeconds, int offset, int limit) {}
