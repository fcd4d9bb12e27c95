package dev.tidings.plugin.notify.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.prefs.EffectiveLevel;
import dev.tidings.plugin.notify.prefs.Preferences;
import dev.tidings.plugin.notify.prefs.PreferencesCodec;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.RepoWatch;
import dev.tidings.plugin.notify.prefs.ValidationException;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's notification preferences under {@code /plugins/tidings/api/preferences} (GET/PUT) and
 * per-repository levels under {@code .../preferences/repos/{owner}/{repo}} (GET/PUT/DELETE);
 * a rejected document answers 422 {@code invalid} naming the field, and changes nothing.
 */
@Singleton
public final class PreferencesApi implements PluginRoute {

  private static final Logger log = LoggerFactory.getLogger(PreferencesApi.class);
  private static final Pattern REPO = Pattern.compile("/api/preferences/repos/([^/]+)/([^/]+)/?");
  /** A preferences document is well under a kilobyte; this leaves room and bounds the read. */
  private static final int MAX_BODY = 64 * 1024;

  private final Http http;
  private final PreferencesStore store;
  private final Directory directory;
  private final AccessControl access;

  @Inject
  public PreferencesApi(Http http, PreferencesStore store, Directory directory, AccessControl access) {
    this.http = http;
    this.store = store;
    this.directory = directory;
    this.access = access;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    Matcher repo = REPO.matcher(path);
    boolean root = path.equals("/api/preferences") || path.equals("/api/preferences/");
    if (!root && !repo.matches()) {
      return false;
    }
    UserRef user = http.notificationUser(request);
    try {
      if (root) {
        preferences(request, response, callback, user);
      } else {
        repository(request, response, callback, user, repo.group(1), repo.group(2));
      }
    } catch (ExecutionException | TimeoutException e) {
      log.error("Saving preferences failed for {}", path, e);
      throw HttpProblem.internal("the preferences could not be saved");
    }
    return true;
  }

  private void preferences(Request request, Response response, Callback callback, UserRef user) throws Exception {
    switch (request.getMethod()) {
      case "GET" -> http.json(response, callback, 200, PreferencesCodec.toJson(store.preferences(user.id())));
      case "PUT" -> {
        Preferences current = store.preferences(user.id());
        JsonNode patch = body(request);
        Preferences merged = valid(() -> PreferencesCodec.merge(current, patch));
        store.save(user.id(), user.login(), merged).get(60, TimeUnit.SECONDS);
        http.json(response, callback, 200, PreferencesCodec.toJson(merged));
      }
      default -> throw HttpProblem.methodNotAllowed("GET, PUT", "method not allowed");
    }
  }

  private void repository(Request request, Response response, Callback callback, UserRef user, String owner,
      String name) throws Exception {
    RepoRef r = directory.repository(owner, name).orElseThrow(Http::notFound);
    if (!access.canRead(user.login(), r.owner(), r.name())) {
      throw Http.notFound();
    }
    switch (request.getMethod()) {
      case "GET" -> http.json(response, callback, 200, repoLevel(user, r, store.watch(user.id(), r.id())));
      case "PUT" -> {
        JsonNode body = body(request);
        EffectiveLevel level = valid(() -> PreferencesCodec.repoLevel(body));
        RepoWatch w = store.setWatch(user.id(), user.login(), r.id(), r.owner(), r.name(), level.level(),
            level.kinds()).get(60, TimeUnit.SECONDS);
        http.json(response, callback, 200, repoLevel(user, r, Optional.of(w)));
      }
      case "DELETE" -> {
        store.deleteWatch(user.id(), r.id()).get(60, TimeUnit.SECONDS);
        http.empty(response, callback, 204);
      }
      default -> throw HttpProblem.methodNotAllowed("GET, PUT, DELETE", "method not allowed");
    }
  }

  private Map<String, Object> repoLevel(UserRef user, RepoRef r, Optional<RepoWatch> w) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("repository", r.fullName());
    if (w.isPresent()) {
      out.put("level", w.get().level().wire());
      out.put("kinds", PreferencesCodec.kinds(w.get().kinds()));
      out.put("inherited", false);
    } else {
      Preferences p = store.preferences(user.id());
      out.put("level", p.defaultLevel().wire());
      out.put("kinds", PreferencesCodec.kinds(p.customKinds()));
      out.put("inherited", true);
    }
    return out;
  }

  /** The request's JSON object; an empty body is {@code {}}. */
  private JsonNode body(Request request) {
    return http.jsonObject(request, MAX_BODY);
  }

  /** A parsing step whose {@link ValidationException} becomes 422 {@code invalid} naming the field. */
  private static <T> T valid(Parse<T> parse) {
    try {
      return parse.run();
    } catch (ValidationException e) {
      throw HttpProblem.invalid(e.getMessage(), e.field());
    }
  }

  @FunctionalInterface
  private interface Parse<T> {
    T run() throws ValidationException;
  }
}
