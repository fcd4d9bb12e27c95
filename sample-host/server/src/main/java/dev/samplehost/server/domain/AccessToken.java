package dev.samplehost.server.domain;

import java.time.Instant;
import java.util.List;

/** A personal access token; only a SHA-256 of the token is stored, plus its last eight characters. */
public record AccessToken(
    long id, long userId, String name, String lastEight, List<String> scopes, Instant created) {}
