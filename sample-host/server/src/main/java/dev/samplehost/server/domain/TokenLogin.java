package dev.samplehost.server.domain;

/** The user behind a valid access token, and the token itself (for scope checks). */
public record TokenLogin(User user, AccessToken token) {}
