package dev.samplehost.server.domain;

import java.time.Instant;

/** An organisation: owns repositories, has members through teams. */
public record Organization(
    long id, String name, String fullName, String email, String description, String website,
    String location, String visibility, Instant created) {}
