package dev.tidings.plugin.session;

import dev.tidings.plugin.hub.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A transport adapter that records what its session says, in order; replays arrive inline. */
final class RecordingOutput implements SessionOutput {

  final List<Outgoing> sent = new CopyOnWriteArrayList<>();
  final List<CloseReason> closed = new CopyOnWriteArrayList<>();
  // The negotiated protocol version, as a WebSocket adapter reports it (null: none negotiated).
  String protocol;

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public String transport() {
    return "test";
  }

  @Override
  public boolean send(Outgoing message) {
    sent.add(message);
    return true;
  }

  @Override
  public void close(CloseReason reason) {
    closed.add(reason);
  }

  List<String> texts() {
    return sent.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }

  /** The last message as text. */
  String last() {
    List<String> t = texts();
    return t.get(t.size() - 1);
  }

  /** Offsets of the event messages. */
  List<Long> eventOffsets() {
    return texts().stream().filter(t -> t.startsWith("{\"type\":\"event\""))
        .map(t -> Long.parseLong(t.replaceAll(".*\"offset\":(\\d+).*", "$1"))).toList();
  }
}
