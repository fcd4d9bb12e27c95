package dev.samplehost.server.domain;

/** A token just created: the only moment the plaintext {@code token} is known. */
public record NewAccessToken(AccessToken token, String plaintext) {}
