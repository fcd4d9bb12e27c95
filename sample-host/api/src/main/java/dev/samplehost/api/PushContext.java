package dev.samplehost.api;

/** Which repository a push goes to and who is pushing; given to receive-hook factories. */
public record PushContext(RepoRef repository, UserRef pusher) {}
