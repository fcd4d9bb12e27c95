package dev.tidings.plugin.ui;

import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the browser assets (ES modules, CSS) at {@code /plugins/tidings/ui/*} from the plugin
 * jar's {@code dev/tidings/ui/} folder (read once at start), with content types, a strong ETag and
 * revalidation.
 */
@Singleton
public final class AssetRoute implements PluginRoute {

  static final String PREFIX = "/ui/";
  private static final String ROOT = "dev/tidings/ui/";
  // Plain file names in plain folders: no "..", no empty segments, no backslashes, no encodings.
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "mjs", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "json", "application/json",
      "png", "image/png",
      "woff2", "font/woff2",
      "html", "text/html; charset=utf-8");

  /** Every asset of the jar, read once (the whole set is a few tens of kilobytes). */
  private final Map<String, Asset> assets;

  @Inject
  AssetRoute() {
    Map<String, Asset> known = new HashMap<>();
    AssetCatalog.read(AssetRoute.class.getClassLoader(), ROOT, "client.js").forEach((name, bytes) -> {
      String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
      if (type != null) {
        known.put(name, new Asset(bytes, type, etag(bytes)));
      }
    });
    this.assets = Map.copyOf(known);
  }

  /** One asset read from the jar, kept in memory (the whole set is a few tens of kilobytes). */
  record Asset(byte[] bytes, String contentType, String etag) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      throw HttpProblem.methodNotAllowed("GET, HEAD", "only GET and HEAD are allowed here");
    }
    Asset a = find(path.substring(PREFIX.length())).orElseThrow(() -> HttpProblem.notFound("no such asset"));
    response.getHeaders().put(HttpHeader.ETAG, a.etag());
    // Asset URLs are not versioned: let browsers keep them but ask every time whether they changed.
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && matches(inm, a.etag())) {
      response.setStatus(HttpStatus.NOT_MODIFIED_304);
      callback.succeeded();
      return true;
    }
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, a.bytes().length);
    if (HttpMethod.HEAD.is(method)) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(a.bytes()), callback);
    }
    return true;
  }

  /** The asset at {@code relative} (below dev/tidings/ui/), or empty when the name is unsafe or unknown. */
  Optional<Asset> find(String relative) {
    if (!SAFE.matcher(relative).matches() || relative.length() > 200) {
      return Optional.empty();
    }
    // A map of what the jar holds, built at start: an unknown name costs no lookup and no memory.
    return Optional.ofNullable(assets.get(relative));
  }

  /** How many assets the route holds (exactly what the jar holds, whatever was requested). */
  int cachedCount() {
    return assets.size();
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }
}
