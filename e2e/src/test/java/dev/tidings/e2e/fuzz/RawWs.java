package dev.tidings.e2e.fuzz;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/** A WebSocket connection on a plain socket, so that the fuzzer can write any bytes after the handshake. */
final class RawWs implements Closeable {
  final Socket socket;
  final InputStream in;
  final OutputStream out;

  private RawWs(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = socket.getOutputStream();
  }

  /** The handshake was answered with something other than 101. */
  static final class Refused extends IOException {
    final int status;

    Refused(int status, String head) {
      super("handshake answered " + status + ": " + head);
      this.status = status;
    }
  }

  /** Opens {@code /plugins/tidings/ws} from {@code local}; {@code authorization} may be null. */
  static RawWs open(InetAddress local, int port, String authorization, int timeoutMs, SplittableRandom r)
      throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.bind(new InetSocketAddress(local, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      RawWs ws = new RawWs(s);
      byte[] nonce = new byte[16];
      for (int i = 0; i < 16; i++) {
        nonce[i] = (byte) r.nextInt(256);
      }
      String req = "GET /plugins/tidings/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(nonce) + "\r\n"
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
      ws.out.write(req.getBytes(StandardCharsets.ISO_8859_1));
      ws.out.flush();
      String head = RawHttp.readHead(ws.in, 64 * 1024);
      int status = RawHttp.status(head);
      if (status != 101) {
        throw new Refused(status, head);
      }
      return ws;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
