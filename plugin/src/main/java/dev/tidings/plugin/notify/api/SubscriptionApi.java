package dev.tidings.plugin.notify.api;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Permission;
import dev.tidings.plugin.access.ChannelScopes;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.prefs.Preferences;
import dev.tidings.plugin.notify.prefs.PreferencesStore;
import dev.tidings.plugin.notify.prefs.RepoWatch;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.web.ApiRoute;
import dev.tidings.plugin.web.HttpProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gitea's watch calls: {@code /repos/{o}/{r}/subscription} (GET/PUT/DELETE) and
 * {@code /user/subscriptions}. Watching is the {@code watching} level as a per-repository override.
 */
@Singleton
public final class SubscriptionApi implements ApiRoute {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionApi.class);
  private static final int MAX_SUBSCRIPTIONS = 10_000;
  private static final Pattern REPO = Pattern.compile("/api/v1/repos/([^/]+)/([^/]+)/subscription/?");

  private final Http http;
  private final PreferencesStore store;
  private final GiteaJson json;
  private final Directory directory;
  private final AccessControl access;

  @Inject
  public SubscriptionApi(Http http, PreferencesStore store, GiteaJson json, Directory directory, AccessControl access) {
    this.http = http;
    this.store = store;
    this.json = json;
    this.directory = directory;
    this.access = access;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    Matcher repo = REPO.matcher(path);
    boolean mine = path.equals("/api/v1/user/subscriptions") || path.equals("/api/v1/user/subscriptions/");
    if (!repo.matches() && !mine) {
      return false;
    }
    Identity identity = http.identity(request);
    UserRef user = http.user(request);
    // A public-only token sees watches of public repositories only, as an anonymous reader would.
    String reader = ChannelScopes.reader(identity);
    if (mine) {
      if (!request.getMethod().equals("GET")) {
        throw HttpProblem.methodNotAllowed("GET", "method not allowed");
      }
      list(response, callback, user, reader, Request.extractQueryParameters(request));
      return true;
    }
    try {
      RepoRef r = directory.repository(repo.group(1), repo.group(2)).orElseThrow(Http::notFound);
      if (!access.canRead(reader, r.owner(), r.name())) {
        throw Http.notFound();
      }
      Optional<RepoWatch> override = store.watch(user.id(), r.id());
      switch (request.getMethod()) {
        case "GET" -> {
          if (override.isPresent()) {
            if (!watches(override.get().level())) {
              throw Http.notFound();
            }
            http.json(response, callback, 200, json.watchInfo(r, override.get().createdAt()));
          } else if (watches(store.preferences(user.id()).defaultLevel())) {
            http.json(response, callback, 200, json.watchInfo(r, System.currentTimeMillis()));
          } else {
            throw Http.notFound();
          }
        }
        case "PUT" -> {
          // Gitea ignores the body: PUT always means "watch".
          RepoWatch w = override.filter(o -> o.level() == WatchLevel.WATCHING).isPresent() ? override.get()
              : store.setWatch(user.id(), user.login(), r.id(), r.owner(), r.name(), WatchLevel.WATCHING, Set.of())
                  .get(60, TimeUnit.SECONDS);
          http.json(response, callback, 200, json.watchInfo(r, w.createdAt()));
        }
        case "DELETE" -> {
          unwatch(user, r, override);
          http.empty(response, callback, 204);
        }
        default -> throw HttpProblem.methodNotAllowed("GET, PUT, DELETE", "method not allowed");
      }
    } catch (ExecutionException | TimeoutException e) {
      log.error("Subscription change failed for {}", path, e);
      throw HttpProblem.internal("the notification store did not accept the change");
    }
    return true;
  }

  /**
   * Stops watching: drops a watching/custom override, or, when the user's default watches
   * everything, pins this repository to {@code participating}; a non-watching override stays.
   */
  private void unwatch(UserRef user, RepoRef r, Optional<RepoWatch> override) throws Exception {
    if (override.isPresent() && !watches(override.get().level())) {
      return;
    }
    Preferences p = store.preferences(user.id());
    if (watches(p.defaultLevel())) {
      store.setWatch(user.id(), user.login(), r.id(), r.owner(), r.name(), WatchLevel.PARTICIPATING, Set.of())
          .get(60, TimeUnit.SECONDS);
    } else if (override.isPresent()) {
      store.deleteWatch(user.id(), r.id()).get(60, TimeUnit.SECONDS);
    }
  }

  private void list(Response response, Callback callback, UserRef user, String reader, Fields q) throws Exception {
    int limit = ListParams.limit(q);
    int page = ListParams.page(q);
    // Filtered before paging so that X-Total-Count counts only repositories that still exist and
    // that the user can still read (a user watches few repositories; the read is bounded anyway).
    List<Map<String, Object>> visible = new ArrayList<>();
    for (RepoWatch w : store.subscriptions(user.id(), 0, MAX_SUBSCRIPTIONS)) {
      Optional<RepoRef> r = directory.repository(w.owner(), w.name());
      if (r.isEmpty()) {
        continue;
      }
      Permission p = access.permission(user.login(), w.owner(), w.name());
      if (!p.atLeast(Permission.READ) || (reader == null && !access.canRead(null, w.owner(), w.name()))) {
        continue;
      }
      Map<String, Boolean> perms = new LinkedHashMap<>();
      perms.put("admin", p.atLeast(Permission.ADMIN));
      perms.put("push", p.atLeast(Permission.WRITE));
      perms.put("pull", true);
      visible.add(json.repository(r.get(), perms));
    }
    long from = (long) (page - 1) * limit;
    List<Map<String, Object>> body = from >= visible.size() ? List.of()
        : visible.subList((int) from, (int) Math.min(visible.size(), from + limit));
    response.getHeaders().put("X-Total-Count", Integer.toString(visible.size()));
    response.getHeaders().put("Access-Control-Expose-Headers", "X-Total-Count");
    http.json(response, callback, 200, body);
  }

  private static boolean watches(WatchLevel level) {
    return level == WatchLevel.WATCHING || level == WatchLevel.CUSTOM;
  }
}
