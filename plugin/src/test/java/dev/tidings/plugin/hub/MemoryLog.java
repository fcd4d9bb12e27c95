package dev.tidings.plugin.hub;

import dev.tidings.plugin.log.ChannelEvent;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.log.EventLog;
import dev.tidings.plugin.log.Replay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A small in-memory event log for hub unit tests (the SQLite log has its own tests). */
public final class MemoryLog implements EventLog {

  final Map<String, List<ChannelEvent>> channels = new ConcurrentHashMap<>();
  volatile String epoch = "e1";
  /** Runs inside readAfter, to simulate live events arriving while the replay is read. */
  volatile Runnable duringRead = () -> {};

  public synchronized ChannelEvent add(String channel, String repository) {
    List<ChannelEvent> list = channels.computeIfAbsent(channel, c -> new ArrayList<>());
    long offset = list.size() + 1;
    String env = "{\"type\":\"event\",\"channel\":\"" + channel + "\",\"offset\":" + offset
        + ",\"event\":\"push\",\"id\":\"x" + offset + "\",\"data\":{},\"timestamp\":1}";
    ChannelEvent e = new ChannelEvent(channel, epoch, offset, "x" + offset, "push", 1, repository,
        env.getBytes(StandardCharsets.UTF_8));
    list.add(e);
    return e;
  }

  @Override
  public CompletableFuture<ChannelEvent> appendTo(String channel, String type, String repository, String dataJson) {
    return CompletableFuture.completedFuture(add(channel, repository));
  }

  @Override
  public synchronized ChannelPosition position(String channel) {
    return new ChannelPosition(epoch, channels.getOrDefault(channel, List.of()).size());
  }

  @Override
  public Replay readAfter(String channel, String epoch, long offset) {
    duringRead.run();
    synchronized (this) {
      List<ChannelEvent> list = channels.getOrDefault(channel, List.of());
      ChannelPosition pos = new ChannelPosition(this.epoch, list.size());
      if (!epoch.equals(this.epoch) || offset > list.size()) {
        return new Replay(false, pos, List.of());
      }
      return new Replay(true, pos, List.copyOf(list.subList((int) offset, list.size())));
    }
  }
}
