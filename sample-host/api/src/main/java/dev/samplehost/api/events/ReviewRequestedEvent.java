package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;

/** {@code actor} asked {@code reviewer} to review a pull request. */
public record ReviewRequestedEvent(
    UserRef actor, RepoRef repository, PullRequestSnapshot pullRequest, UserRef reviewer) {}
