package dev.tidings.e2e.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 proxy in front of the host for network trouble a browser meets. With
 * {@code refuseUpgrades} it answers every WebSocket upgrade with 403, like a corporate proxy that
 * does not speak WebSocket; everything else (upgraded WebSockets too, otherwise) is passed through,
 * one request per connection (it rewrites {@code Connection} to close so that every request passes
 * the check). {@link #outage(boolean)} simulates a network cut: open connections are closed and new
 * ones are closed at once until the outage ends.
 */
final class FlakyProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final boolean refuseUpgrades;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "flaky-proxy");
    t.setDaemon(true);
    return t;
  });
  final AtomicInteger refusedUpgrades = new AtomicInteger();
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  FlakyProxy(int targetPort, boolean refuseUpgrades) throws IOException {
    this.targetPort = targetPort;
    this.refuseUpgrades = refuseUpgrades;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    threads.submit(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Starts (true) or ends (false) a simulated network outage. */
  void outage(boolean on) {
    down = on;
    if (on) {
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException e) {
          // already gone
        }
      }
    }
  }

  private void serve(Socket client) {
    if (down) {
      try {
        client.close();
      } catch (IOException e) {
        // nothing to do
      }
      return;
    }
    open.add(client);
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      boolean upgrade = head.toLowerCase(Locale.ROOT).contains("\nupgrade: websocket");
      if (upgrade && refuseUpgrades) {
        refusedUpgrades.incrementAndGet();
        client.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 26\r\nConnection: close\r\n\r\nWebSockets are not allowed").getBytes(StandardCharsets.US_ASCII));
        return;
      }
      StringBuilder rewritten = new StringBuilder();
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (!upgrade && (lower.startsWith("connection:") || lower.startsWith("keep-alive:"))) {
          continue;
        }
        rewritten.append(line).append("\r\n");
      }
      rewritten.append(upgrade ? "\r\n" : "Connection: close\r\n\r\n");
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
        OutputStream up = upstream.getOutputStream();
        up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
        up.flush();
        threads.submit(() -> pump(in, up));
        pump(upstream.getInputStream(), client.getOutputStream());
      }
    } catch (IOException e) {
      // The browser or the host went away: nothing to clean up beyond the sockets.
    } finally {
      open.remove(client);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    while (buf.size() < 65536) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) ? state + 1 : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
      }
    }
    return null;
  }

  private static void pump(InputStream from, OutputStream to) {
    byte[] buf = new byte[16384];
    try {
      int n;
      while ((n = from.read(buf)) >= 0) {
        to.write(buf, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      // Either side closed.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
