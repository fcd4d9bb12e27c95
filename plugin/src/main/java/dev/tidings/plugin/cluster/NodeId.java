package dev.tidings.plugin.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This node's name among the nodes of one installation: {@code node.id}, or else a UUID generated
 * at the first start and kept in the plugin's data folder ({@value #FILE}), so a restarted node is
 * the same node again (in Redis mode it gets back the notification work it had taken).
 */
public record NodeId(String value) {

  /** The file in the plugin's data folder that keeps the generated id. */
  public static final String FILE = "node-id";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public NodeId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("node.id must be 1-64 letters, digits, '.', '_' or '-' and start with a "
          + "letter or digit, not " + (value == null ? "null" : "'" + value + "'"));
    }
  }

  /** {@code configured} when set, else the id kept in {@code dataDir} (created on first use). */
  public static NodeId resolve(String configured, Path dataDir) {
    if (configured != null && !configured.isBlank()) {
      return new NodeId(configured.strip());
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
          return new NodeId(kept);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " does not hold a valid node id; fix or delete it", e);
        }
      }
      NodeId fresh = new NodeId(UUID.randomUUID().toString());
      Files.createDirectories(dataDir);
      // Written whole or not at all: a crash must not leave an empty id behind.
      Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
      Files.writeString(tmp, fresh.value() + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or keep the node id in " + file, e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
