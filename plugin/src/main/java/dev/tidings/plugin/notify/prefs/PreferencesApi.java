package dev.tidings.plugin.notify.prefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.api.ApiError;
import dev.tidings.plugin.notify.api.Http;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * a rejected document answers 422 with the field and changes nothing.
 */
@Singleton
public final class PreferencesApi implements PluginRoute {

  private static final Logger log = LoggerFactory.getLogger(PreferencesApi.class);
  private static final Pattern REPO = Pattern.compile("/api/preferences/repos/([^/]+)/([^/]+)/?");

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
    try {
      UserRef user = http.notificationUser(request);
      if (root) {
        switch (request.getMethod()) {
          case "GET" -> http.json(response, callback, 200, PreferencesCodec.toJson(store.preferences(user.id())));
          case "PUT" -> {
            Preferences merged = merge(store.preferences(user.id()), parse(request));
            store.save(user.id(), user.login(), merged).get(60, TimeUnit.SECONDS);
            http.json(response, callback, 200, PreferencesCodec.toJson(merged));
          }
          default -> throw new ApiError(405, "method not allowed");
        }
        return true;
      }
      RepoRef r = directory.repository(repo.group(1), repo.group(2)).orElseThrow(ApiError::notFound);
      if (!access.canRead(user.login(), r.owner(), r.name())) {
        throw ApiError.notFound();
      }
      switch (request.getMethod()) {
        case "GET" -> http.json(response, callback, 200, repoLevel(user, r, store.watch(user.id(), r.id())));
        case "PUT" -> {
          JsonNode body = parse(request);
          WatchLevel level;
          Set<EventKind> kinds;
          try {
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
              String f = it.next();
              if (!f.equals("level") && !f.equals("kinds")) {
                throw new ValidationException(f, "unknown field '" + f + "'; expected level and kinds");
              }
            }
            level = PreferencesCodec.level(body.get("level"), "level");
            kinds = PreferencesCodec.watchableKinds(body.get("kinds"), "kinds");
            if (level == WatchLevel.CUSTOM && kinds.isEmpty()) {
              throw new ValidationException("kinds", "a custom level needs at least one kind");
            }
            if (level != WatchLevel.CUSTOM && !kinds.isEmpty()) {
              throw new ValidationException("kinds", "kinds apply only to the custom level");
            }
          } catch (ValidationException e) {
            throw new ApiError(422, e.getMessage(), e.field());
          }
          RepoWatch w = store.setWatch(user.id(), user.login(), r.id(), r.owner(), r.name(), level, kinds)
              .get(60, TimeUnit.SECONDS);
          http.json(response, callback, 200, repoLevel(user, r, Optional.of(w)));
        }
        case "DELETE" -> {
          store.deleteWatch(user.id(), r.id()).get(60, TimeUnit.SECONDS);
          http.empty(response, callback, 204);
        }
        default -> throw new ApiError(405, "method not allowed");
      }
    } catch (ApiError e) {
      http.error(response, callback, e);
    } catch (ExecutionException | TimeoutException e) {
      log.error("Saving preferences failed for {}", path, e);
      http.error(response, callback, new ApiError(500, "the preferences could not be saved"));
    }
    return true;
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

  private JsonNode parse(Request request) throws Exception {
    String text = http.body(request);
    JsonNode node;
    try {
      node = http.mapper().readTree(text.isBlank() ? "{}" : text);
    } catch (JsonProcessingException e) {
      throw new ApiError(422, "request body is not valid JSON: " + e.getOriginalMessage(), "body");
    }
    if (node == null || !node.isObject()) {
      throw new ApiError(422, "request body must be a JSON object", "body");
    }
    return node;
  }

  private static Preferences merge(Preferences current, JsonNode patch) throws ApiError {
    try {
      return PreferencesCodec.merge(current, patch);
    } catch (ValidationException e) {
      throw new ApiError(422, e.getMessage(), e.field());
    }
  }
}
