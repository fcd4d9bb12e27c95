package dev.samplehost.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Runs one-off start-up work (migrating, seeding) once at a time across every node sharing a data
 * folder: an OS file lock for other processes plus a monitor for other nodes in this JVM (a file
 * lock belongs to the whole process, and locking it twice from one JVM throws).
 */
public final class DataFolderLock {
  private static final Object IN_THIS_JVM = new Object();

  private DataFolderLock() {}

  /** Runs {@code work} while holding the lock file {@code lockFile} (created if missing). */
  public static <T> T holding(Path lockFile, Supplier<T> work) {
    synchronized (IN_THIS_JVM) {
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        return work.get();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot lock " + lockFile, e);
      }
    }
  }
}
