package dev.samplehost.server.domain;

import java.util.List;

/** One page of a list and the total number of matching items (for X-Total-Count and Link). */
public record Page<T>(List<T> items, long total) {}
