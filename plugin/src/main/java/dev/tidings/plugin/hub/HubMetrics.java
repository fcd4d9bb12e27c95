package dev.tidings.plugin.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The hub's Micrometer meters: connections, subscriptions, deliveries, queues, replays, rejections. */
@Singleton
public final class HubMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  // Plain adders read at scrape time (FunctionCounter): these move on every socket write, where a
  // Micrometer counter's DoubleAdder costs more than the addition it records.
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final DistributionSummary queueDepth;
  private final Counter slowConsumers;
  private final Counter replaysRecovered;
  private final Counter replaysLost;
  private final Counter wsDeflate;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> wsProtocols = new ConcurrentHashMap<>();

  /** Registers the meters in {@code registry}. */
  @Inject
  public HubMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String transport : new String[] {"ws", "sse", "poll"}) {
      connections(transport);
    }
    Gauge.builder("tidings.subscriptions", subscriptions, AtomicInteger::get)
        .description("Live channel subscriptions over all transports").register(registry);
    FunctionCounter.builder("tidings.deliveries", deliveries, LongAdder::doubleValue)
        .description("Messages handed to connections (events and replies)").register(registry);
    FunctionCounter.builder("tidings.bytes.out", bytesOut, LongAdder::doubleValue).baseUnit("bytes")
        .description("Payload bytes written to connections").register(registry);
    queueDepth = DistributionSummary.builder("tidings.queue.depth")
        .description("Messages waiting in a connection's outbound queue when a write starts, for writes that found 2 or more").register(registry);
    slowConsumers = Counter.builder("tidings.slow_consumer.disconnects")
        .description("Connections closed because their outbound queue overflowed or a write stalled").register(registry);
    replaysRecovered = Counter.builder("tidings.replays").tag("recovered", "true").register(registry);
    replaysLost = Counter.builder("tidings.replays").tag("recovered", "false").register(registry);
    // Both exist from the start, so a scrape shows 0 rather than nothing.
    wsProtocol("tidings.v1");
    wsProtocol(null);
    wsDeflate = Counter.builder("tidings.ws.deflate")
        .description("WebSocket connections opened with permessage-deflate negotiated").register(registry);
  }

  private AtomicInteger connections(String transport) {
    return connections.computeIfAbsent(transport, t -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder("tidings.connections", n, AtomicInteger::get).tag("transport", t)
          .description("Open connections by transport").register(registry);
      return n;
    });
  }

  void connectionOpened(String transport) {
    connections(transport).incrementAndGet();
  }

  void connectionClosed(String transport) {
    connections(transport).decrementAndGet();
  }

  void subscriptionAdded() {
    subscriptions.incrementAndGet();
  }

  void subscriptionRemoved() {
    subscriptions.decrementAndGet();
  }

  /** Counts messages and bytes written in one batch. */
  public void written(int messages, long bytes) {
    deliveries.add(messages);
    bytesOut.add(bytes);
  }

  void queueDepth(int depth) {
    queueDepth.record(depth);
  }

  /** Counts a slow-consumer disconnect. */
  public void slowConsumer() {
    slowConsumers.increment();
  }

  void replay(boolean recovered) {
    (recovered ? replaysRecovered : replaysLost).increment();
  }

  /**
   * Counts a WebSocket connection opened with the negotiated {@code protocol} version, or with none
   * (null: the client offered no subprotocol, which means v1). Only versions the server selected
   * reach here, so the tag's values stay few; {@code deflate} when permessage-deflate was negotiated.
   */
  public void wsOpened(String protocol, boolean deflate) {
    wsProtocol(protocol).increment();
    if (deflate) {
      wsDeflate.increment();
    }
  }

  private Counter wsProtocol(String protocol) {
    return wsProtocols.computeIfAbsent(protocol == null ? "none" : protocol, p -> Counter.builder("tidings.ws.protocol")
        .tag("protocol", p).description("WebSocket connections opened, by negotiated protocol version (none: no subprotocol offered)")
        .register(registry));
  }

  /** Counts a command or request rejected with the protocol error {@code code}. */
  public void rejected(String code) {
    rejected.computeIfAbsent(code, c -> Counter.builder("tidings.commands.rejected").tag("code", c)
        .description("Commands and requests rejected, by error code").register(registry)).increment();
  }
}
