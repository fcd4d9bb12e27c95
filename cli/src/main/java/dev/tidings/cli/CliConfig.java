package dev.tidings.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the server URL and the token come from. The token: the environment variable
 * {@code TIDINGS_TOKEN}, else {@code token=} in the config file, never the command line (it would
 * end up in shell history and in every {@code ps} listing). The URL: {@code --url}, else
 * {@code TIDINGS_URL}, else {@code url=} in the config file. The config file: {@code --config},
 * else {@code $TIDINGS_CONFIG}, else {@code $XDG_CONFIG_HOME/tidings/config.properties} (default
 * {@code ~/.config/tidings/config.properties}). A config file holding a token that others can read
 * gets a warning, as ssh does for keys.
 */
record CliConfig(URI server, String token, Path file) {

  static final String TOKEN_ENV = "TIDINGS_TOKEN";
  static final String URL_ENV = "TIDINGS_URL";
  static final String CONFIG_ENV = "TIDINGS_CONFIG";

  /** Resolves the settings; warnings go to {@code err}. */
  static CliConfig resolve(String urlOption, Path configOption, Map<String, String> env, PrintStream err) {
    Path file = configOption != null ? configOption : defaultFile(env);
    Properties props = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new WatchFailure(Exit.USAGE, "Cannot read the config file " + file + ": " + e.getMessage());
      }
    } else if (configOption != null) {
      throw new WatchFailure(Exit.USAGE, "No config file at " + file);
    }
    String token = blankToNull(env.get(TOKEN_ENV));
    if (token == null) {
      token = blankToNull(props.getProperty("token"));
      if (token != null) {
        warnIfReadableByOthers(file, err);
      }
    }
    String url = firstNonBlank(urlOption, env.get(URL_ENV), props.getProperty("url"));
    if (url == null) {
      throw new WatchFailure(Exit.USAGE, "No server URL: pass --url http://host:port/, set " + URL_ENV
          + ", or put url=... in " + file);
    }
    return new CliConfig(webSocketUri(url), token, file);
  }

  static Path defaultFile(Map<String, String> env) {
    String explicit = blankToNull(env.get(CONFIG_ENV));
    if (explicit != null) {
      return Path.of(explicit);
    }
    String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
    Path base = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("tidings").resolve("config.properties");
  }

  /** The WebSocket endpoint of a server given as {@code http(s)://host[:port][/prefix/]} or as the ws(s) URL itself. */
  static URI webSocketUri(String url) {
    URI u;
    try {
      u = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new WatchFailure(Exit.USAGE, "Not a URL: " + url);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (u.getRawQuery() != null || u.getRawUserInfo() != null) {
      throw new WatchFailure(Exit.USAGE, "The server URL must not carry credentials or a query; use " + TOKEN_ENV);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    switch (scheme) {
      case "ws", "wss" -> {
        return u;
      }
      case "http", "https" -> {
        String base = path.endsWith("/") ? path : path + "/";
        return URI.create((scheme.equals("https") ? "wss" : "ws") + "://" + u.getRawAuthority() + base + "plugins/tidings/ws");
      }
      default -> throw new WatchFailure(Exit.USAGE, "The server URL must start with http://, https://, ws:// or wss://: " + url);
    }
  }

  private static void warnIfReadableByOthers(Path file, PrintStream err) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        err.println("tidings: warning: " + file + " holds a token and can be read by other users; run: chmod 600 " + file);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (blankToNull(v) != null) {
        return v.trim();
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
