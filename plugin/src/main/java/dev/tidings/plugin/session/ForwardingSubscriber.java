package dev.tidings.plugin.session;

import dev.tidings.plugin.hub.Outgoing;
import dev.tidings.plugin.hub.Subscriber;

/**
 * The delivery half of a {@link ClientSession}: what the hub hands over goes straight to the
 * transport's {@link SessionOutput}, untouched (a base class rather than a separate object, so a
 * connection holds no extra object for it).
 */
abstract class ForwardingSubscriber implements Subscriber {

  final SessionOutput out;

  ForwardingSubscriber(SessionOutput out) {
    this.out = out;
  }

  @Override
  public final boolean send(Outgoing message) {
    return out.send(message);
  }

  @Override
  public final boolean sendDeferred(Outgoing message) {
    return out.sendDeferred(message);
  }

  @Override
  public final boolean sendReplayed(Outgoing message) {
    return out.sendReplayed(message);
  }

  @Override
  public final boolean replaysInline() {
    return out.replaysInline();
  }

  @Override
  public final void whenReplayReady(Runnable ready) {
    out.whenReplayReady(ready);
  }

  @Override
  public final boolean replayWanted() {
    return out.replayWanted();
  }

  @Override
  public final void replayedThrough(String channel, String epoch, long offset) {
    out.replayedThrough(channel, epoch, offset);
  }

  @Override
  public final void replayStopped(String channel) {
    out.replayStopped(channel);
  }

  @Override
  public final void flush() {
    out.flush();
  }
}
