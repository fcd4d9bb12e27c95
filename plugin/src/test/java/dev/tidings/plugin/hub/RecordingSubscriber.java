package dev.tidings.plugin.hub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the hub sends, in order. */
final class RecordingSubscriber implements Subscriber {

  final String login;
  final List<Outgoing> received = new CopyOnWriteArrayList<>();
  final List<String> revoked = new CopyOnWriteArrayList<>();
  final List<String> replayFailed = new CopyOnWriteArrayList<>();

  RecordingSubscriber(String login) {
    this.login = login;
  }

  @Override
  public String login() {
    return login;
  }

  @Override
  public boolean send(Outgoing message) {
    received.add(message);
    return true;
  }

  @Override
  public void revoked(String channel) {
    revoked.add(channel);
  }

  @Override
  public void replayFailed(String channel) {
    replayFailed.add(channel);
  }

  List<String> texts() {
    return received.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
  }

  List<Long> offsets() {
    return received.stream().filter(m -> m.channel() != null).map(Outgoing::offset).toList();
  }
}
