package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.config.TidingsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboxTest {

  /** A sink whose writes complete only when the test says so. */
  static final class HeldSink implements OutboxSink {
    final List<List<Integer>> writes = new ArrayList<>();
    WriteCallback pending;
    final AtomicInteger overflows = new AtomicInteger();

    @Override
    public void write(List<Outgoing> batch, WriteCallback done) {
      writes.add(batch.stream().map(m -> (int) m.offset()).toList());
      pending = done;
    }

    @Override
    public void overflowed() {
      overflows.incrementAndGet();
    }

    @Override
    public void failed(Throwable cause) {}

    void complete() {
      WriteCallback c = pending;
      pending = null;
      c.succeeded();
    }
  }

  private static Outgoing message(int n) {
    return new Outgoing(new byte[100], "c", "e", n);
  }

  private static HubSettings settings(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return HubSettings.from(new TidingsConfig(p));
  }

  @Test
  void writesAtOnceWhenIdleAndCoalescesWhatQueuedDuringAWrite() {
    HeldSink sink = new HeldSink();
    Outbox outbox = new Outbox(sink, settings(), new HubMetrics(new SimpleMeterRegistry()));
    outbox.offer(message(1));
    assertThat(sink.writes).containsExactly(List.of(1));
    outbox.offer(message(2));
    outbox.offer(message(3));
    outbox.offer(message(4));
    assertThat(sink.writes).hasSize(1);
    sink.complete();
    assertThat(sink.writes).containsExactly(List.of(1), List.of(2, 3, 4));
    sink.complete();
    assertThat(sink.pending).isNull();
    outbox.offer(message(5));
    assertThat(sink.writes).last().isEqualTo(List.of(5));
  }

  @Test
  void aWriteBatchIsBoundedByMessagesAndBytes() {
    HeldSink sink = new HeldSink();
    Outbox outbox = new Outbox(sink, settings("hub.write.batchMessages", "2", "hub.write.batchBytes", "1000"),
        new HubMetrics(new SimpleMeterRegistry()));
    for (int i = 1; i <= 5; i++) {
      outbox.offer(message(i));
    }
    sink.complete();
    sink.complete();
    assertThat(sink.writes).containsExactly(List.of(1), List.of(2, 3), List.of(4, 5));
  }

  @Test
  void overflowDisconnectsTheSlowConsumerOnce() {
    HeldSink sink = new HeldSink();
    Outbox outbox = new Outbox(sink, settings("hub.queue.maxMessages", "3"), new HubMetrics(new SimpleMeterRegistry()));
    outbox.offer(message(1)); // in flight, no longer queued
    assertThat(outbox.offer(message(2))).isTrue();
    assertThat(outbox.offer(message(3))).isTrue();
    assertThat(outbox.offer(message(4))).isTrue();
    assertThat(outbox.offer(message(5))).isFalse();
    assertThat(outbox.offer(message(6))).isFalse();
    assertThat(sink.overflows).hasValue(1);
    assertThat(outbox.depth()).isZero();
  }

  @Test
  void theByteLimitCountsToo() {
    HeldSink sink = new HeldSink();
    Outbox outbox = new Outbox(sink, settings("hub.queue.maxBytes", "250"), new HubMetrics(new SimpleMeterRegistry()));
    outbox.offer(message(1));
    assertThat(outbox.offer(message(2))).isTrue();
    assertThat(outbox.offer(message(3))).isTrue();
    assertThat(outbox.offer(message(4))).isFalse();
    assertThat(sink.overflows).hasValue(1);
  }
}
