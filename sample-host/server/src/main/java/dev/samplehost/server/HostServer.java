package dev.samplehost.server;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.samplehost.api.Plugin;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.CacheGenerations;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.auth.AuthSettings;
import dev.samplehost.server.auth.LoginThrottle;
import dev.samplehost.server.auth.PasswordThrottleHandler;
import dev.samplehost.server.demo.DemoSeeder;
import dev.samplehost.server.git.GitHttp;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.plugins.PluginLoader;
import dev.samplehost.server.rest.ApiV1Handler;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.HostUrls;
import dev.samplehost.server.web.PluginApiRoutes;
import dev.samplehost.server.web.WebUi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample Git host: Jetty with git smart HTTP, the web pages, {@code /api/v1} and the plugins,
 * over one data folder. Build it with {@link #builder()}, then {@link #start()} and {@link #stop()}.
 */
public final class HostServer implements AutoCloseable {
  /** How often a node looks for access changes made by other nodes, unless told otherwise. */
  public static final Duration DEFAULT_ACCESS_REFRESH = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);
  private final Builder settings;
  private final HostConfig config;
  private final Database db;
  private final CacheGenerations cacheGenerations;
  private final Injector injector;
  private final Server server;
  private final ServerConnector connector;
  private volatile boolean ready;
  private volatile boolean stopped;
  private PluginLoader plugins;
  private String baseUrl;

  private HostServer(Builder b) {
    this.settings = b;
    this.config = new HostConfig(b.dataDir.toAbsolutePath().normalize(),
        b.pluginsDir == null ? null : b.pluginsDir.toAbsolutePath().normalize(),
        b.pluginDataDir == null ? null : b.pluginDataDir.toAbsolutePath().normalize());
    try {
      // Owner-only (0700): the database, repositories and plugin data are nobody else's business,
      // whatever the umask. Folders that already exist are left as their owner set them.
      privateDirectory(config.dataDir());
      privateDirectory(config.repositoriesDir());
      privateDirectory(config.pluginDataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create data folder " + config.dataDir(), e);
    }
    this.db = Database.open(config.databaseFile());
    ContextHandlerCollection pluginContexts = new ContextHandlerCollection();
    try {
      this.injector = Guice.createInjector(
          new HostModule(config, db, new GitStore(config.repositoriesDir()), pluginContexts, b.auth));
      // Other nodes on the same data folder change access and tokens too: follow their changes.
      this.cacheGenerations = new CacheGenerations(db, b.accessRefresh, Map.of(
          CacheGenerations.ACCESS, injector.getInstance(HostAccessControl.class)::invalidate,
          CacheGenerations.CREDENTIALS, injector.getInstance(AccessTokenService.class)::forgetResolved));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }

    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("host");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    // No "Server: Jetty(12.x)" header: version banners only help whoever scans for old versions.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Gitea takes a ref with a percent-encoded slash (commits/feature%2Flogin/status), which Jetty
    // refuses by default; HostRouter lets such a path reach the host's own API routes only.
    http.setUriCompliance(UriCompliance.DEFAULT.with("DEFAULT,AMBIGUOUS_PATH_SEPARATOR",
        UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    TrustedProxies proxies = TrustedProxies.of(b.trustedProxies);
    if (proxies != null) {
      http.addCustomizer(proxies);
    }
    this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(b.bind);
    connector.setPort(b.port);
    // The JDK's default listen backlog is 50: a burst of WebSocket reconnects (every tab after a
    // restart) overflows it, and each dropped SYN costs the client a 1 s retransmit.
    connector.setAcceptQueueSize(b.acceptQueue);
    server.addConnector(connector);
    HostRouter router = new HostRouter(
        injector.getInstance(ApiV1Handler.class), pluginContexts,
        injector.getInstance(GitHttp.class).newContext(), injector.getInstance(WebUi.class), () -> ready);
    server.setHandler(new GracefulHandler(new PasswordThrottleHandler(router,
        injector.getInstance(LoginThrottle.class), injector.getInstance(AccessTokenService.class))));
    server.setStopTimeout(3000);
    server.setStopAtShutdown(false);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts Jetty, seeds the demo data if asked, loads the plugins; returns when {@code /healthz} answers 200. */
  public synchronized void start() throws Exception {
    if (stopped) {
      throw new IllegalStateException("A stopped host cannot be restarted; build a new one");
    }
    try {
      cacheGenerations.start();
      server.start();
      String host = settings.bind;
      if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isBlank()) {
        host = "localhost";
      } else if (host.contains(":") && !host.startsWith("[")) {
        host = "[" + host + "]";
      }
      baseUrl = settings.publicUrl != null ? settings.publicUrl
          : "http://" + host + ":" + connector.getLocalPort() + "/";
      injector.getInstance(HostUrls.class).setBaseUrl(baseUrl);
      if (settings.demo) {
        injector.getInstance(DemoSeeder.class).seed();
      }
      plugins = new PluginLoader(injector, config.pluginDataDir(), baseUrl);
      plugins.loadJars(config.pluginsDir());
      for (Plugin p : settings.plugins) {
        plugins.startInProcess(p);
      }
      ready = true;
      LOG.info("Host ready at {} (data {}, {} plugin(s))", baseUrl, config.dataDir(), plugins.plugins().size());
    } catch (Exception | Error e) {
      LOG.error("Host failed to start", e);
      stop();
      throw e;
    }
  }

  private static void privateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Path parent = dir.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** The public base URL, e.g. {@code http://127.0.0.1:8080/} (ends with {@code /}). */
  public String baseUrl() {
    return Objects.requireNonNull(baseUrl, "not started");
  }

  /** The port Jetty listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The host's Guice injector. */
  public Injector injector() {
    return injector;
  }

  /** The child injector of started plugin {@code name}. */
  public Optional<Injector> pluginInjector(String name) {
    return plugins == null ? Optional.empty() : plugins.injector(name);
  }

  /** The host's configuration (data and plugin folders). */
  public HostConfig config() {
    return config;
  }

  /** Names of the started plugins, in start order. */
  public List<String> pluginNames() {
    return plugins == null ? List.of() : plugins.plugins().stream().map(p -> p.name()).toList();
  }

  /** Waits until Jetty stops (for {@code Main}). */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops plugins in reverse order, then Jetty, then closes the database. Safe to call twice. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    ready = false;
    if (plugins != null) {
      plugins.stopAll();
    }
    injector.getInstance(PluginApiRoutes.class).clear();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Stopping Jetty failed", e);
    }
    cacheGenerations.close();
    db.close();
    LOG.info("Host stopped");
  }

  @Override
  public void close() {
    stop();
  }

  /** Settings of a {@link HostServer}; {@link #dataDir} is required. */
  public static final class Builder {
    private String bind = "127.0.0.1";
    private int port = 8080;
    private Path dataDir;
    private Path pluginsDir;
    private Path pluginDataDir;
    private final List<Plugin> plugins = new ArrayList<>();
    private boolean demo;
    private int acceptQueue = 1024;
    private AuthSettings auth = AuthSettings.defaults();
    private final List<String> trustedProxies = new ArrayList<>();
    private String publicUrl;
    private Duration accessRefresh = DEFAULT_ACCESS_REFRESH;

    private Builder() {}

    /**
     * How often this node looks for access and token changes made by other nodes sharing the data
     * folder (default {@link HostServer#DEFAULT_ACCESS_REFRESH}): the bound after which a revoked collaborator
     * stops being able to read, and stops receiving events, on every node.
     */
    public Builder accessRefresh(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("access refresh must be positive: " + value);
      }
      this.accessRefresh = value;
      return this;
    }

    /**
     * A reverse proxy (IP address) whose {@code Forwarded}/{@code X-Forwarded-For} header names the
     * client (repeatable). Without any, those headers are ignored.
     */
    public Builder trustedProxy(String address) {
      this.trustedProxies.add(Objects.requireNonNull(address));
      return this;
    }

    /**
     * The URL users reach the host at, e.g. {@code https://git.example.com/} behind a TLS proxy
     * (default: {@code http://<bind>:<port>/}). With https the session cookie is {@code Secure}.
     */
    public Builder publicUrl(String url) {
      if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("public URL must start with http:// or https://: " + url);
      }
      this.publicUrl = url == null ? null : url.endsWith("/") ? url : url + "/";
      return this;
    }

    /** The address to listen on (default 127.0.0.1). */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address);
      return this;
    }

    /** The port (default 8080; 0 picks a free one). */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port out of range: " + value);
      }
      this.port = value;
      return this;
    }

    /** The data folder: SQLite file, {@code repositories/}, {@code plugins-data/}. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** The folder whose {@code *.jar} files are loaded as plugins (optional). */
    public Builder pluginsDir(Path dir) {
      this.pluginsDir = dir;
      return this;
    }

    /**
     * The plugins' data folder (default {@code <data>/plugins-data}): nodes that share one data
     * folder each need their own, since a plugin's local files (its SQLite database) are per node.
     */
    public Builder pluginDataDir(Path dir) {
      this.pluginDataDir = dir;
      return this;
    }

    /** An in-process plugin with the same lifecycle as a jar's (repeatable). */
    public Builder plugin(Plugin plugin) {
      this.plugins.add(Objects.requireNonNull(plugin));
      return this;
    }

    /** The listen backlog (default 1024; the kernel caps it at {@code net.core.somaxconn}). */
    public Builder acceptQueue(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("accept queue must be at least 1: " + value);
      }
      this.acceptQueue = value;
      return this;
    }

    /** Authentication settings: password hashing and throttling, query tokens (default {@link AuthSettings#defaults()}). */
    public Builder auth(AuthSettings value) {
      this.auth = Objects.requireNonNull(value);
      return this;
    }

    /** Whether to seed the demo users, org and repositories (idempotent). */
    public Builder demo(boolean value) {
      this.demo = value;
      return this;
    }

    /** Opens the database and wires the host (nothing listens until {@link HostServer#start()}). */
    public HostServer build() {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return new HostServer(this);
    }
  }
}
