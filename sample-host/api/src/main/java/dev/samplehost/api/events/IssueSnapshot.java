package dev.samplehost.api.events;

import dev.samplehost.api.UserRef;
import java.util.List;

/**
 * An issue or pull request as it is right after the event; {@code state} is {@code open},
 * {@code closed} or (pull requests only) {@code merged}.
 */
public record IssueSnapshot(
    long id, long number, boolean pullRequest, String title, String body, String state,
    UserRef author, List<UserRef> assignees, String htmlUrl) {}
