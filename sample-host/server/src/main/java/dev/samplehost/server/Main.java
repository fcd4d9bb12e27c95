package dev.samplehost.server;

import dev.samplehost.server.demo.DemoSeeder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the sample host: {@code java -jar sample-host.jar [--port N] [--bind ADDR] [--data DIR]
 * [--plugins DIR] [--plugins-data DIR] [--access-refresh D] [--demo]}. Several processes may share one
 * {@code --data} folder (see docs/scale-out.md, "The sample host as several nodes").
 */
@Command(name = "sample-host", mixinStandardHelpOptions = true,
    description = "A small Gitea-like Git server (JGit + Jetty) that loads plugin jars.")
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 = any free port; default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--data", defaultValue = "./data", description = "Data folder (default ${DEFAULT-VALUE}); several nodes on one machine may share it,"
          + " each with its own --plugins-data")
  Path data;

  @Option(names = "--plugins", defaultValue = "./plugins", description = "Plugins folder: every *.jar is loaded (default ${DEFAULT-VALUE})")
  Path plugins;

  @Option(names = "--plugins-data",
      description = "Plugins' data folder (default <data>/plugins-data); each node sharing one --data folder needs its own")
  Path pluginData;

  @Option(names = "--access-refresh", defaultValue = "1s", converter = DurationConverter.class,
      description = "How often this node looks for access and token changes made by other nodes sharing --data,"
          + " e.g. 500ms, 1s, 2m (default ${DEFAULT-VALUE}): a removed collaborator loses access, and stops"
          + " receiving events, on every node within this time")
  Duration accessRefresh;

  @Option(names = "--demo", description = "Create the demo users, organisation and repositories if missing")
  boolean demo;

  @Option(names = "--accept-queue", defaultValue = "1024",
      description = "Listen backlog for bursts of new connections (default ${DEFAULT-VALUE}; capped by net.core.somaxconn)")
  int acceptQueue;

  @Option(names = "--query-tokens",
      description = "Accept ?token=/?access_token= on /api/v1 (off by default, like Gitea's DISABLE_QUERY_AUTH_TOKEN)")
  boolean queryTokens;

  @Option(names = "--password-iterations", defaultValue = "600000",
      description = "PBKDF2-SHA256 iterations for new and re-hashed passwords (default ${DEFAULT-VALUE})")
  int passwordIterations;

  @Option(names = "--trusted-proxy", split = ",",
      description = "IP address of a reverse proxy whose Forwarded / X-Forwarded-For header names the client (repeatable; default none: those headers are ignored)")
  java.util.List<String> trustedProxies = new java.util.ArrayList<>();

  @Option(names = "--public-url",
      description = "The URL users reach the host at, e.g. https://git.example.com/ (default http://<bind>:<port>/; https makes the session cookie Secure)")
  String publicUrl;

  /** Runs the host until SIGTERM or Ctrl-C. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    HostServer.Builder builder = HostServer.builder().bind(bind).port(port).dataDir(data).pluginsDir(plugins).pluginDataDir(pluginData).demo(demo)
        .accessRefresh(accessRefresh)
        .acceptQueue(acceptQueue).publicUrl(publicUrl)
        .auth(dev.samplehost.server.auth.AuthSettings.defaults().withPasswordIterations(passwordIterations)
            .withQueryTokens(queryTokens));
    trustedProxies.forEach(builder::trustedProxy);
    HostServer host = builder.build();
    Runtime.getRuntime().addShutdownHook(new Thread(host::stop, "host-shutdown"));
    host.start();
    StringBuilder banner = new StringBuilder()
        .append("\n  Tidings sample host is running at ").append(host.baseUrl())
        .append("\n  Plugins: ").append(host.pluginNames().isEmpty() ? "none" : String.join(", ", host.pluginNames()));
    if (demo) {
      banner.append("\n  Sign in as alice / ").append(DemoSeeder.ALICE_PASSWORD)
          .append(" (admin) or bob / ").append(DemoSeeder.BOB_PASSWORD)
          .append("\n  git clone ").append(host.baseUrl()).append("alice/demo.git");
    }
    LOG.info("{}\n", banner);
    host.join();
    return 0;
  }
}
