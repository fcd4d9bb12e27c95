package dev.tidings.bench.bare;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the bare server as its own process: {@code --bind 127.0.0.1 --port 0 --history 20000 --max-queued 1024};
 * prints {@code BARE-READY port=N} when listening and stops when stdin closes or on SIGTERM.
 */
public final class BareServerMain {

  private BareServerMain() {
  }

  public static void main(String[] args) throws Exception {
    String bind = "127.0.0.1";
    int port = 0;
    int history = 20_000;
    int maxQueued = 1024;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--bind" -> bind = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--history" -> history = Integer.parseInt(args[i + 1]);
        case "--max-queued" -> maxQueued = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    BareServer server = new BareServer(history, maxQueued);
    int bound = server.start(bind, port);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
      done.countDown();
    }));
    Thread orphanGuard = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the parent holds stdin open; EOF means it is gone
        }
      } catch (java.io.IOException ignored) {
        // treat as EOF
      }
      System.exit(0);
    }, "stdin-eof");
    orphanGuard.setDaemon(true);
    orphanGuard.start();
    System.out.println("BARE-READY port=" + bound);
    System.out.flush();
    done.await();
  }
}
