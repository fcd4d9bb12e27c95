package dev.samplehost.server.domain;

/** A branch and its head commit. */
public record Branch(String name, CommitInfo commit) {}
