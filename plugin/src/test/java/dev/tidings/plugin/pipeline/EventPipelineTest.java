package dev.tidings.plugin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.EventIds;
import dev.tidings.hooks.EventType;
import dev.tidings.hooks.TidingsEvent;
import dev.tidings.plugin.broker.InProcessBroker;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.log.ChannelAppend;
import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.SqliteEventLog;
import dev.tidings.plugin.store.SqliteDatabase;
import dev.tidings.testing.support.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline over the real store: append, then publish in offset order, then tell the listeners. */
class EventPipelineTest {

  static final RepoRef DEMO = new RepoRef(1, "alice", "demo", false, false, "main");
  static final UserRef ALICE = new UserRef(1, "alice", "Alice", "alice@example.org", false);

  @TempDir Path dir;
  // Not copy-on-write: the receiver runs on the writer thread and must stay cheap.
  final List<ChannelEvent> published = Collections.synchronizedList(new ArrayList<>());
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  SqliteDatabase db;
  SqliteEventLog store;
  CommitOrder order;

  @BeforeEach
  void open() throws Exception {
    TidingsConfig config = new TidingsConfig(new Properties());
    db = new SqliteDatabase(dir.resolve("tidings.db"), config, meters);
    db.start();
    store = new SqliteEventLog(db, new ObjectMapper(), config, meters, Clock.systemUTC());
    store.start();
    InProcessBroker broker = new InProcessBroker();
    broker.onEvent(published::add);
    order = new CommitOrder(broker);
  }

  @AfterEach
  void close() throws Exception {
    db.stop();
  }

  @Test
  void listenersAreToldAfterThePublishInCommitOrderOnTheCommittedThread() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(20);
    AtomicReference<String> thread = new AtomicReference<>();
    EventPipeline pipeline = new EventPipeline(store, order, Set.of(ev -> {
      thread.set(Thread.currentThread().getName());
      // By now the broker has the event.
      List<String> publishedIds;
      synchronized (published) {
        publishedIds = published.stream().map(ChannelEvent::eventId).toList();
      }
      assertThat(publishedIds).contains(ev.id());
      seen.add(ev.id());
      done.countDown();
    }), meters);
    pipeline.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      TidingsEvent e = push();
      ids.add(e.id());
      pipeline.accept(e);
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    pipeline.stop();
    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(thread.get()).isEqualTo("tidings-committed");
  }

  @Test
  void concurrentRepositoryAndChannelAppendsReachTheBrokerInOffsetOrderPerChannel() throws Exception {
    EventPipeline pipeline = new EventPipeline(store, order, Set.of(), meters);
    PublishingEventLog log = new PublishingEventLog(store, order);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
    try {
      List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int kind = t % 3;
        submitted.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            switch (kind) {
              case 0 -> all.add(pipeline.append(push()));
              case 1 -> all.add(log.appendTo("repo:alice/demo", "ci.status", "alice/demo", "{\"i\":" + i + "}"));
              default -> all.add(log.appendAllTo(List.of(
                  new ChannelAppend("user:bob", "notification", null, Map.of("i", i)),
                  new ChannelAppend("org:alice", "x", "alice/demo", Map.of()),
                  new ChannelAppend("user:bob", "notification", null, Map.of("i", i)))));
            }
          }
        }));
      }
      for (var f : submitted) {
        f.get(60, TimeUnit.SECONDS);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> last = new HashMap<>();
    synchronized (published) {
      for (ChannelEvent e : published) {
        long before = last.getOrDefault(e.channel(), 0L);
        assertThat(e.offset()).as("%s after offset %d", e.channel(), before).isEqualTo(before + 1);
        last.put(e.channel(), e.offset());
      }
    }
    // Every committed entry was published once: the broker's last offset is the log's position.
    last.forEach((channel, offset) -> assertThat(store.position(channel).offset()).isEqualTo(offset));
    assertThat(last.get("user:bob")).isEqualTo(2 * 100 * 2);
  }

  @Test
  void anEventThatCannotBeStoredIsCountedAsDroppedAndPublishesNothing() throws Exception {
    EventPipeline pipeline = new EventPipeline(store, order, Set.of(), meters);
    TidingsEvent e = push();
    pipeline.append(e).get(10, TimeUnit.SECONDS);
    published.clear();
    pipeline.accept(e); // the same id again: the insert fails
    Await.isTrue("the dropped event counted", () -> meters.counter("tidings.events.dropped").count() >= 1);
    assertThat(meters.counter("tidings.events.dropped").count()).isEqualTo(1.0);
    assertThat(published).isEmpty();
    // The next event still gets the next offset and is published.
    assertThat(pipeline.append(push()).get(10, TimeUnit.SECONDS).get(0).offset()).isEqualTo(2);
    assertThat(published).extracting(ChannelEvent::offset).startsWith(2L);
  }

  private static TidingsEvent push() {
    Map<String, Object> data = new HashMap<>();
    data.put("ref", "refs/heads/main");
    return new TidingsEvent(EventIds.next(), EventType.PUSH, DEMO, ALICE, System.currentTimeMillis(), data, null, null);
  }
}
