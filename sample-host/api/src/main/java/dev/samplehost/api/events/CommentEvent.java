package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;

/** {@code actor} commented on an issue or pull request ({@code subject.pullRequest()} tells which). */
public record CommentEvent(
    UserRef actor, RepoRef repository, IssueSnapshot subject, long commentId, String body,
    String htmlUrl) {}
