package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.ThreadStatus;

/** One stored notification thread (one per user and subject); times are epoch milliseconds. */
public record NotificationThread(
    long id, long userId, String userLogin, String subjectKey, String subjectType, long subjectNumber,
    String title, String state, String url, String htmlUrl, String latestCommentUrl,
    String latestCommentHtmlUrl, long repoId, String repoOwner, String repoName, Reason reason,
    ThreadStatus status, String latestActor, String latestEvent, long createdAt, long updatedAt) {}
