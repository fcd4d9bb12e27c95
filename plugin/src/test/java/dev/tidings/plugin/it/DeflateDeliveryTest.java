package dev.tidings.plugin.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.Await;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events reach Jetty WebSocket clients that negotiated permessage-deflate (on by default), on both
 * write paths (a few recipients: heap bytes; eight or more: one shared off-heap copy, compressed
 * once for all of them), including bursts written as batched frames, and commands from them are
 * inflated.
 */
@HostTest
class DeflateDeliveryTest {

  /** Records texts; a public listener, as Jetty requires. */
  public static final class Texts implements Session.Listener.AutoDemanding {
    final List<String> texts = new CopyOnWriteArrayList<>();
    volatile Session session;
    volatile String extensions;

    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      extensions = String.valueOf(s.getUpgradeResponse().getExtensions());
    }

    @Override
    public void onWebSocketText(String text) {
      texts.add(text);
    }
  }

  @Test
  void compressedConnectionsReceiveEveryEventOnBothWritePaths(@TempDir Path dir) throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.start();
    try (TidingsHost host = TidingsHost.start(dir)) {
      List<Texts> clients = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        Texts t = new Texts();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.addExtensions("permessage-deflate");
        client.connect(t, host.ws(), request).get();
        assertThat(t.extensions).contains("permessage-deflate");
        t.session.sendText("{\"type\":\"subscribe\",\"channel\":\"repo:alice/demo\",\"id\":" + i + "}", Callback.NOOP);
        clients.add(t);
      }
      Await.isTrue("every client subscribed", Duration.ofSeconds(10),
          () -> clients.stream().allMatch(t -> t.texts.stream().anyMatch(x -> x.contains("\"subscribed\""))));
      String big = "x".repeat(2000);
      host.publish("repo:alice/demo", "alice/demo", "{\"n\":1,\"pad\":\"" + big + "\"}");
      Await.isTrue("every client got the event", Duration.ofSeconds(10),
          () -> clients.stream().allMatch(t -> t.texts.stream().anyMatch(x -> x.contains("\"type\":\"event\"") && x.contains(big))));
      // A burst: the outbox gathers several events into one write (batched frames), each compressed on its own.
      List<java.util.concurrent.Future<?>> burst = new ArrayList<>();
      for (int n = 0; n < 30; n++) {
        burst.add(host.plugin().getInstance(dev.tidings.plugin.log.EventLog.class)
            .appendTo("repo:alice/demo", "test.event", "alice/demo", "{\"burst\":" + n + ",\"pad\":\"" + big + "\"}"));
      }
      for (var f : burst) {
        f.get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
      Await.isTrue("every client got the whole burst in order", Duration.ofSeconds(20), () -> clients.stream().allMatch(t ->
          t.texts.stream().filter(x -> x.contains("\"burst\":")).map(x -> x.replaceAll(".*\"burst\":(\\d+).*", "$1")).toList()
              .equals(java.util.stream.IntStream.range(0, 30).mapToObj(Integer::toString).toList())));
      // Two recipients only: the heap path.
      for (int i = 2; i < clients.size(); i++) {
        clients.get(i).session.close();
      }
      Await.isTrue("the hub saw the closes", Duration.ofSeconds(10), () -> host.plugin().getInstance(dev.tidings.plugin.hub.Connections.class).size() <= 2);
      host.publish("repo:alice/demo", "alice/demo", "{\"n\":2,\"pad\":\"" + big + "\"}");
      Await.isTrue("both remaining clients got the second event", Duration.ofSeconds(10),
          () -> clients.subList(0, 2).stream().allMatch(t -> t.texts.stream().anyMatch(x -> x.contains("\"n\":2"))));
    } finally {
      client.stop();
    }
  }
}
