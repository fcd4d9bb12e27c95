package dev.tidings.bench.bare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bare server's single fan-out thread (the same shape as Tidings' hub): it takes published events and
 * subscribe/unsubscribe commands in order, queues each event for every subscriber without writing, then
 * starts one write per touched connection, so a backlog of events becomes one gathered write each.
 */
final class Dispatcher implements Runnable {

  /** One event ready to fan out: its channel and the shared frame payload. */
  record Fanout(BareChannel channel, long offset, java.nio.ByteBuffer frame) {}

  private static final int ROUND = 256;

  private final LinkedBlockingQueue<Object> tasks = new LinkedBlockingQueue<>();
  private final Thread thread = new Thread(this, "bare-dispatcher");
  private volatile boolean running = true;

  void start() {
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5000);
  }

  void submit(Object task) {
    tasks.add(task);
  }

  @Override
  public void run() {
    List<Object> round = new ArrayList<>(ROUND);
    Set<BareConnection> touched = new LinkedHashSet<>();
    while (running) {
      try {
        Object first = tasks.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        round.add(first);
        tasks.drainTo(round, ROUND - 1);
        for (Object task : round) {
          if (task instanceof Fanout f) {
            f.channel().dispatch(f, touched);
          } else {
            ((Runnable) task).run();
          }
        }
        round.clear();
        for (BareConnection c : touched) {
          c.flush();
        }
        touched.clear();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        System.err.println("bare dispatcher: " + e);
      }
    }
  }
}
