package dev.samplehost.api;

/** A user account as plugins see it (organisations are not users). */
public record UserRef(long id, String login, String fullName, String email, boolean admin) {}
