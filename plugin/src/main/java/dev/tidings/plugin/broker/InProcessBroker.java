package dev.tidings.plugin.broker;

import dev.tidings.plugin.log.ChannelEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node broker: hands each published event straight to this node's receivers on the
 * publishing thread (the pipeline's, usually the database writer right after the commit), so
 * per-channel order is the order the pipeline publishes in: the commit order.
 * Receivers must not block; events published before a receiver registers are only in the log.
 */
@Singleton
public final class InProcessBroker implements Broker {

  private static final Logger log = LoggerFactory.getLogger(InProcessBroker.class);

  private final List<Consumer<ChannelEvent>> receivers = new CopyOnWriteArrayList<>();

  @Override
  public void publish(ChannelEvent event) {
    for (Consumer<ChannelEvent> receiver : receivers) {
      try {
        receiver.accept(event);
      } catch (RuntimeException e) {
        // One broken receiver must not stop the others or the publishing (writer) thread.
        log.error("A broker receiver failed on {} #{}", event.channel(), event.offset(), e);
      }
    }
  }

  @Override
  public void onEvent(Consumer<ChannelEvent> receiver) {
    receivers.add(receiver);
  }
}
