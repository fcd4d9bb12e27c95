package dev.tidings.bench.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal RFC 6455 client connection on plain NIO (no thread per connection, no per-message thread
 * hand-off): HTTP upgrade, unmasked server frames in, masked client frames out, ping/pong and close.
 */
final class NioConnection implements Wire {

  private static final boolean TRACE = Boolean.getBoolean("bench.trace");

  private enum State { CONNECTING, HANDSHAKE, OPEN, CLOSED }

  private final NioLoop loop;
  private final SocketChannel channel;
  private final Conn conn;
  private final String upgradeRequest;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private ByteBuffer in = ByteBuffer.allocate(2048);
  private ByteArrayOutputStream fragments;
  private SelectionKey key;
  private volatile State state = State.CONNECTING;
  private boolean paused;
  private boolean closeSent;

  private NioConnection(NioLoop loop, SocketChannel channel, Conn conn, String upgradeRequest) {
    this.loop = loop;
    this.channel = channel;
    this.conn = conn;
    this.upgradeRequest = upgradeRequest;
  }

  /** Starts connecting from {@code source} (null = any); completes when the upgrade succeeded. */
  static CompletableFuture<Void> open(NioLoop loop, InetSocketAddress source, Target target, Conn conn,
      int receiveBuffer) throws IOException {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    StringBuilder req = new StringBuilder(256)
        .append("GET ").append(target.wsPath()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(target.host()).append(':').append(target.port()).append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    for (Map.Entry<String, String> h : target.wsHeaders().entrySet()) {
      req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    req.append("\r\n");
    SocketChannel ch = SocketChannel.open();
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    if (receiveBuffer > 0) {
      // Before connect, so the advertised window stays small: a slow reader then backs up quickly.
      ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
    }
    if (source != null) {
      ch.bind(source);
    }
    NioConnection c = new NioConnection(loop, ch, conn, req.toString());
    ch.connect(new InetSocketAddress(target.host(), target.port()));
    loop.execute(() -> {
      try {
        c.key = ch.register(loop.selector(), SelectionKey.OP_CONNECT, c);
      } catch (ClosedChannelException e) {
        c.fail(e);
      }
    });
    return c.opened;
  }

  void onReady(SelectionKey k) {
    try {
      if (k.isConnectable()) {
        channel.finishConnect();
        state = State.HANDSHAKE;
        writeFully(ByteBuffer.wrap(upgradeRequest.getBytes(StandardCharsets.US_ASCII)));
        k.interestOps(SelectionKey.OP_READ);
        return;
      }
      if (k.isReadable()) {
        read();
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void read() throws IOException {
    while (true) {
      if (!in.hasRemaining()) {
        grow(in.capacity() * 2);
      }
      int n = channel.read(in);
      if (n < 0) {
        fail(new IOException("end of stream"));
        return;
      }
      if (n == 0) {
        return;
      }
      in.flip();
      if (state == State.HANDSHAKE && !handshake()) {
        in.compact();
        continue;
      }
      parseFrames();
      in.compact();
      if (state == State.CLOSED || paused) {
        return;
      }
    }
  }

  /** Consumes the HTTP answer once complete; false while it is still partial. */
  private boolean handshake() throws IOException {
    int end = -1;
    for (int i = in.position(); i + 3 < in.limit(); i++) {
      if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
        end = i + 4;
        break;
      }
    }
    if (end < 0) {
      return false;
    }
    byte[] head = new byte[end - in.position()];
    in.get(head);
    String answer = new String(head, StandardCharsets.ISO_8859_1);
    if (!answer.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + answer.lines().findFirst().orElse(answer));
    }
    state = State.OPEN;
    conn.onOpen(this);
    opened.complete(null);
    return true;
  }

  private void parseFrames() throws IOException {
    while (state == State.OPEN && in.remaining() >= 2 && !paused) {
      int p = in.position();
      int b0 = in.get(p) & 0xff;
      int b1 = in.get(p + 1) & 0xff;
      int header = 2;
      long len = b1 & 0x7f;
      if (len == 126) {
        if (in.remaining() < 4) {
          return;
        }
        len = ((in.get(p + 2) & 0xff) << 8) | (in.get(p + 3) & 0xff);
        header = 4;
      } else if (len == 127) {
        if (in.remaining() < 10) {
          return;
        }
        len = in.getLong(p + 2);
        header = 10;
      }
      if (len > (64 << 20)) {
        throw new IOException("frame too large: " + len);
      }
      if (in.remaining() < header + len) {
        // Partial frame: read() compacts and, when the buffer is full, grows it.
        return;
      }
      if (TRACE) {
        System.err.println("[trace frame] opcode=" + (b0 & 0x0f) + " fin=" + (b0 >>> 7) + " len=" + len);
      }
      in.position(p + header);
      byte[] payload = new byte[(int) len];
      in.get(payload);
      onFrame(b0 >>> 7 == 1, b0 & 0x0f, payload);
    }
  }

  private void onFrame(boolean fin, int opcode, byte[] payload) throws IOException {
    switch (opcode) {
      case 0x1, 0x0 -> {
        if (fin && fragments == null) {
          conn.onText(new String(payload, StandardCharsets.UTF_8));
          return;
        }
        if (fragments == null) {
          fragments = new ByteArrayOutputStream();
        }
        fragments.write(payload);
        if (fin) {
          String text = fragments.toString(StandardCharsets.UTF_8);
          fragments = null;
          conn.onText(text);
        }
      }
      case 0x8 -> {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        sendFrame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
        finish(code);
      }
      case 0x9 -> sendFrame(0xA, payload);
      default -> {
        // pong and binary frames are not part of the protocol subset the bench uses
      }
    }
  }

  /** Grows the input buffer; only while it is in write mode (between compact and read). */
  private void grow(int capacity) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, in.capacity()));
    in.flip();
    bigger.put(in);
    in = bigger;
  }

  @Override
  public void sendText(String text) {
    try {
      sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      fail(e);
    }
  }

  @Override
  public void close(int code) {
    try {
      synchronized (this) {
        if (closeSent || state != State.OPEN) {
          return;
        }
      }
      sendFrame(0x8, new byte[] {(byte) (code >> 8), (byte) code});
    } catch (IOException e) {
      fail(e);
    }
  }

  private void sendFrame(int opcode, byte[] payload) throws IOException {
    int len = payload.length;
    int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
    ByteBuffer b = ByteBuffer.allocate(header + 4 + len);
    b.put((byte) (0x80 | opcode));
    if (len < 126) {
      b.put((byte) (0x80 | len));
    } else if (len < 65536) {
      b.put((byte) (0x80 | 126)).putShort((short) len);
    } else {
      b.put((byte) (0x80 | 127)).putLong(len);
    }
    int mask = ThreadLocalRandom.current().nextInt();
    b.putInt(mask);
    byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    for (int i = 0; i < len; i++) {
      b.put((byte) (payload[i] ^ m[i & 3]));
    }
    b.flip();
    synchronized (this) {
      if (closeSent || state == State.CLOSED) {
        return;
      }
      if (opcode == 0x8) {
        closeSent = true;
      }
      writeFully(b);
    }
  }

  /** Writes small frames completely; the socket buffer is far larger than any command the bench sends. */
  private void writeFully(ByteBuffer b) throws IOException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (b.hasRemaining()) {
      if (channel.write(b) == 0) {
        if (System.nanoTime() > deadline) {
          throw new IOException("write stalled");
        }
        Thread.onSpinWait();
      }
    }
  }

  private void finish(int code) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closed either way
    }
    conn.onClose(code);
  }

  private void fail(Throwable cause) {
    boolean wasOpen = state == State.OPEN;
    finish(wasOpen ? 1006 : 1002);
    opened.completeExceptionally(cause);
  }

  @Override
  public void pauseReading() {
    loop.execute(() -> {
      paused = true;
      if (key != null && key.isValid()) {
        key.interestOps(0);
      }
    });
  }

  @Override
  public void resumeReading() {
    loop.execute(() -> {
      paused = false;
      if (key != null && key.isValid()) {
        key.interestOps(SelectionKey.OP_READ);
        try {
          // Frames already buffered before the pause are delivered now.
          in.flip();
          parseFrames();
          in.compact();
        } catch (IOException | RuntimeException e) {
          fail(e);
        }
      }
    });
  }

  @Override
  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** Closes the socket at once (used when the suite shuts the client down). */
  void abort() {
    finish(1006);
  }
}
