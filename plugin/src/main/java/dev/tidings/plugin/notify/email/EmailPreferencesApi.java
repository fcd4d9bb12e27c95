package dev.tidings.plugin.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.api.Http;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The user's email choice under {@code /plugins/tidings/api/preferences/email}: GET answers
 * {@code {"mode", "address", "enabled", "digest_hour", "digest_zone"}}, PUT {@code {"mode": "off"|"immediate"|"daily"}}
 * (422 {@code invalid} naming {@code mode} otherwise, or when the server has no email set up).
 * {@code POST /plugins/tidings/api/admin/email/digest} (site administrators only) makes every
 * pending daily digest due now and answers how many updates that was.
 */
@Singleton
public final class EmailPreferencesApi implements PluginRoute {

  private static final int MAX_BODY = 4 * 1024;

  private final Http http;
  private final EmailStore store;
  private final EmailSettings settings;
  private final EmailSender sender;

  @Inject
  public EmailPreferencesApi(Http http, EmailStore store, EmailSettings settings, EmailSender sender) {
    this.http = http;
    this.store = store;
    this.settings = settings;
    this.sender = sender;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (path.equals("/api/preferences/email") || path.equals("/api/preferences/email/")) {
      preferences(request, response, callback);
      return true;
    }
    if (path.equals("/api/admin/email/digest")) {
      digestNow(request, response, callback);
      return true;
    }
    return false;
  }

  private void preferences(Request request, Response response, Callback callback) throws Exception {
    UserRef user = http.notificationUser(request);
    switch (request.getMethod()) {
      case "GET" -> http.json(response, callback, 200, json(user, store.mode(user.id())));
      case "PUT" -> {
        EmailMode mode = mode(body(request));
        if (mode != EmailMode.OFF && !settings.enabled()) {
          throw HttpProblem.invalid("email notifications are not set up on this server (email.enabled=false)", "mode");
        }
        if (mode != EmailMode.OFF && (user.email() == null || user.email().isBlank())) {
          throw HttpProblem.invalid("your account has no email address", "mode");
        }
        store.setMode(user.id(), user.login(), mode).get(60, TimeUnit.SECONDS);
        http.json(response, callback, 200, json(user, mode));
      }
      default -> throw HttpProblem.methodNotAllowed("GET, PUT", "method not allowed");
    }
  }

  private void digestNow(Request request, Response response, Callback callback) throws Exception {
    if (!"POST".equals(request.getMethod())) {
      throw HttpProblem.methodNotAllowed("POST", "method not allowed");
    }
    UserRef user = http.notificationUser(request);
    if (!user.admin()) {
      throw HttpProblem.forbidden("only site administrators may send the digests now");
    }
    int due = store.digestNow(System.currentTimeMillis()).get(60, TimeUnit.SECONDS);
    sender.wake();
    http.json(response, callback, 202, Map.of("due", due));
  }

  private Map<String, Object> json(UserRef user, EmailMode mode) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode.wire());
    out.put("address", user.email() == null ? "" : user.email());
    out.put("enabled", settings.enabled());
    out.put("digest_hour", settings.digestHour());
    out.put("digest_zone", settings.digestZone().getId());
    return out;
  }

  private static EmailMode mode(JsonNode body) {
    var fields = body.fieldNames();
    while (fields.hasNext()) {
      String f = fields.next();
      if (!f.equals("mode")) {
        throw HttpProblem.invalid("unknown field '" + f + "'; expected mode", f);
      }
    }
    JsonNode v = body.get("mode");
    if (v == null || !v.isTextual()) {
      throw HttpProblem.invalid("mode must be one of off, immediate, daily", "mode");
    }
    return EmailMode.parse(v.asText()).orElseThrow(() -> HttpProblem.invalid(
        "unknown email mode '" + v.asText() + "'; expected off, immediate or daily", "mode"));
  }

  /** The request's JSON object; an empty body is {@code {}}. */
  private JsonNode body(Request request) {
    return http.jsonObject(request, MAX_BODY);
  }
}
