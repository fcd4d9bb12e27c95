package dev.tidings.plugin.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.broker.InProcessBroker;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.pipeline.CommitOrder;
import dev.tidings.plugin.pipeline.EventPipeline;
import dev.tidings.plugin.pipeline.PublishingEventLog;
import dev.tidings.plugin.store.SqliteDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The log over a real SQLite file as the plugin wires it: the store, the publishing log and the
 * pipeline in front of it, and retention, with {@code receiver} as the broker's only receiver.
 */
final class OpenLog implements AutoCloseable {

  final SqliteDatabase db;
  final SqliteEventLog store;
  final EventLog log;
  final EventPipeline pipeline;
  final LogRetention retention;

  OpenLog(Path file, Properties props, Clock clock, Consumer<ChannelEvent> receiver) throws Exception {
    TidingsConfig config = new TidingsConfig(props);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    db = new SqliteDatabase(file, config, meters);
    db.start();
    InProcessBroker broker = new InProcessBroker();
    broker.onEvent(receiver);
    store = new SqliteEventLog(db, new ObjectMapper(), config, meters, clock);
    store.start();
    CommitOrder order = new CommitOrder(broker);
    log = new PublishingEventLog(store, order);
    pipeline = new EventPipeline(store, order, Set.of(), meters);
    retention = new LogRetention(db, store, config, meters, clock);
  }

  /** The epoch channels get when first written. */
  String databaseEpoch() {
    return store.positions().databaseEpoch();
  }

  @Override
  public void close() throws Exception {
    db.stop();
  }
}
