package dev.tidings.bench.scenario;

import dev.tidings.bench.client.LoadClient;
import dev.tidings.bench.report.Result;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every scenario shares: sizes, the output place, the progress log and the collected results. */
public final class BenchContext {

  private final Sizes sizes;
  private final Path outDir;
  private final Path workDir;
  private final PrintStream log;
  private final List<Result> results = new ArrayList<>();

  public BenchContext(Sizes sizes, Path outDir, Path workDir, PrintStream log) {
    this.sizes = sizes;
    this.outDir = outDir;
    this.workDir = workDir;
    this.log = log;
  }

  public Sizes sizes() {
    return sizes;
  }

  public Path outDir() {
    return outDir;
  }

  /** A fresh scratch folder inside the run's work folder (deleted at the end of the run). */
  public Path scratch(String prefix) throws java.io.IOException {
    return java.nio.file.Files.createTempDirectory(workDir, prefix);
  }

  public List<Result> results() {
    return results;
  }

  public void add(Result r) {
    results.add(r);
  }

  public void log(String format, Object... args) {
    log.printf("[bench] " + format + "%n", args);
    log.flush();
  }

  /** A fresh load client with the configured source addresses and threads. */
  public LoadClient newClient() throws Exception {
    return new LoadClient(sizes.sourceAddresses(), sizes.clientThreads());
  }
}
