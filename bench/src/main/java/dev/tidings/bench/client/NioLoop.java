package dev.tidings.bench.client;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One selector thread of the load client: runs the I/O of its connections and tasks handed to it. */
final class NioLoop implements Runnable, AutoCloseable {

  private final Selector selector;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  NioLoop(String name) throws IOException {
    selector = Selector.open();
    thread = new Thread(this, name);
    thread.setDaemon(true);
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  /** Runs {@code task} on the loop thread. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  @Override
  public void run() {
    while (running) {
      try {
        selector.select(1000);
        Runnable t;
        while ((t = tasks.poll()) != null) {
          t.run();
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          NioConnection c = (NioConnection) key.attachment();
          if (key.isValid()) {
            c.onReady(key);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          System.err.println("[bench] client loop error: " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(5000);
      for (SelectionKey k : selector.keys()) {
        try {
          k.channel().close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      selector.close();
    } catch (IOException ignored) {
      // best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
