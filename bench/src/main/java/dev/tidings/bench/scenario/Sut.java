package dev.tidings.bench.scenario;

import dev.tidings.bench.client.Target;
import dev.tidings.bench.server.ServerProcess;
import java.util.List;

/**
 * A running server under test: its process (for CPU, RSS, heap), how to reach it, the main channel and the
 * three channels idle connections subscribe to.
 */
public record Sut(String name, ServerProcess process, Target target, String channel, List<String> idleChannels) {}
