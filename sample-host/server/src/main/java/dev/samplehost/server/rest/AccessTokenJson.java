package dev.samplehost.server.rest;

import java.util.List;

/** Gitea's {@code AccessToken}; {@code sha1} holds the plaintext only in the create answer. */
public record AccessTokenJson(long id, String name, String sha1, String tokenLastEight, List<String> scopes) {}
