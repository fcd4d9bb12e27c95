package dev.tidings.ui;

import static dev.tidings.testing.support.Requirements.require;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.testing.support.HostTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the browser client's unit tests (src/test/js/*.test.mjs) with node's built-in test runner. */
@HostTest
class NodeUnitTest {

  @Test
  void clientLogicPassesNodeTests() throws Exception {
    String node = findNode();
    require(node != null,
        "\n\n*** SKIPPED: node is not installed; the browser client's unit tests in ui-assets/src/test/js did not run ***\n");
    Path dir = Path.of("src/test/js");
    List<String> command = new ArrayList<>(List.of(node, "--test"));
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().endsWith(".test.mjs")).sorted()
          .forEach(p -> command.add(p.toString()));
    }
    assertThat(command).hasSizeGreaterThan(2);
    Path log = Files.createTempFile("node-test", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean done = process.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    assertThat(done).as("node --test finished within 120 s:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("node --test output:%n%s", output).isZero();
    assertThat(output).contains("# fail 0");
  }

  private static String findNode() throws IOException {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path candidate = Path.of(d, "node");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
