package dev.tidings.plugin.presence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.api.Http;
import dev.tidings.plugin.web.HttpBodies;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The signed-in user's presence choices at {@code /plugins/tidings/api/presence/preferences}:
 * GET answers {@code {"invisible":false,"typing":true}}; PUT takes either field (booleans) and
 * answers the result. Any other field or type is a 422 naming it, and changes nothing.
 */
@Singleton
public final class PresencePreferencesApi implements PluginRoute {

  private static final int MAX_BODY = 4096;

  private final Http http;
  private final PresencePreferenceStore store;

  /** The route over {@code store}. */
  @Inject
  public PresencePreferencesApi(Http http, PresencePreferenceStore store) {
    this.http = http;
    this.store = store;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (!path.equals("/api/presence/preferences") && !path.equals("/api/presence/preferences/")) {
      return false;
    }
    UserRef user = http.notificationUser(request);
    switch (request.getMethod()) {
      case "GET" -> http.json(response, callback, 200, json(store.read(user.login())));
      case "PUT" -> {
        PresencePreferences merged = merge(store.read(user.login()), body(request));
        store.save(user.login(), merged).get(60, TimeUnit.SECONDS);
        http.json(response, callback, 200, json(merged));
      }
      default -> throw HttpProblem.methodNotAllowed("GET, PUT", "method not allowed");
    }
    return true;
  }

  private JsonNode body(Request request) throws IOException {
    byte[] bytes = HttpBodies.read(request, MAX_BODY);
    try {
      return http.mapper().readTree(bytes);
    } catch (IOException e) {
      throw HttpProblem.badRequest("The body must be a JSON object such as {\"invisible\":true}");
    }
  }

  static PresencePreferences merge(PresencePreferences current, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      throw HttpProblem.badRequest("The body must be a JSON object such as {\"invisible\":true}");
    }
    boolean invisible = current.invisible();
    boolean typing = current.typing();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getValue().isBoolean() || !(f.getKey().equals("invisible") || f.getKey().equals("typing"))) {
        throw HttpProblem.invalid("only \"invisible\" and \"typing\", both booleans, may be set", abbreviate(f.getKey()));
      }
      if (f.getKey().equals("invisible")) {
        invisible = f.getValue().booleanValue();
      } else {
        typing = f.getValue().booleanValue();
      }
    }
    return new PresencePreferences(invisible, typing);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static Map<String, Object> json(PresencePreferences p) {
    return Map.of("invisible", p.invisible(), "typing", p.typing());
  }
}
