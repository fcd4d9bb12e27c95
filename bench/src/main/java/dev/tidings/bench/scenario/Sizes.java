package dev.tidings.bench.scenario;

import java.util.List;

/** Scenario sizes, taken from the command line. */
public record Sizes(boolean smoke, int subscribers, List<Integer> rates, int rateSeconds, int maxEvents,
    int maxInFlight, int repeat, int pad, int pushes, List<Integer> idleSizes, int churnCycles, int churnBatch,
    int catchupEvents, double slowFraction, int slowSeconds, int slowRate, int slowPad, int watchers,
    int sourceAddresses, int clientThreads) {}
