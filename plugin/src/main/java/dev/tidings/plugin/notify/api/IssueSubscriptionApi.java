package dev.tidings.plugin.notify.api;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Permission;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.notify.prefs.ThreadSubscription;
import dev.tidings.plugin.notify.prefs.ThreadSubscriptionStore;
import dev.tidings.plugin.web.ApiRoute;
import dev.tidings.plugin.web.HttpProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
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
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gitea's issue subscription calls under {@code /repos/{o}/{r}/issues/{index}/subscriptions}:
 * {@code GET} (subscribed users), {@code GET .../check} (the caller's WatchInfo) and
 * {@code PUT}/{@code DELETE .../{user}} (subscribe; unsubscribe, which mutes the issue as in Gitea).
 * The host applies the {@code issue} token scope to these paths, as Gitea does.
 */
@Singleton
public final class IssueSubscriptionApi implements ApiRoute {

  private static final Logger log = LoggerFactory.getLogger(IssueSubscriptionApi.class);
  private static final Pattern PATH =
      Pattern.compile("/api/v1/repos/([^/]+)/([^/]+)/issues/([^/]+)/subscriptions(?:/([^/]+))?/?");
  /** An issue has few explicit subscribers; the list is read whole, then paged. */
  private static final int MAX_LISTED = 10_000;

  private final Http http;
  private final IssueSubscriptions issues;
  private final GiteaJson json;
  private final Directory directory;
  private final AccessControl access;

  @Inject
  public IssueSubscriptionApi(Http http, IssueSubscriptions issues, GiteaJson json, Directory directory,
      AccessControl access) {
    this.http = http;
    this.issues = issues;
    this.json = json;
    this.directory = directory;
    this.access = access;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Matcher m = PATH.matcher(request.getHttpURI().getPath());
    if (!m.matches()) {
      return false;
    }
    Identity identity = http.identity(request);
    UserRef caller = http.user(request);
    // A public-only token sees public repositories only, as an anonymous reader would.
    String reader = ChannelScopes.reader(identity);
    String method = request.getMethod();
    String who = m.group(4);
    if (who == null) {
      if (!method.equals("GET")) {
        throw HttpProblem.methodNotAllowed("GET", "method not allowed");
      }
      list(response, callback, issues.target(reader, m.group(1), m.group(2), m.group(3)),
          Request.extractQueryParameters(request));
      return true;
    }
    if (who.equals("check") && method.equals("GET")) {
      IssueSubscriptions.Target t = issues.target(reader, m.group(1), m.group(2), m.group(3));
      IssueSubscriptions.Status s = issues.status(caller, t);
      boolean muted = s.choice().filter(c -> c.state() == ThreadSubscription.State.MUTED).isPresent();
      http.json(response, callback, 200, json.issueWatchInfo(t.repo(), t.number(), s.receiving(), muted, s.reason(),
          s.choice().map(ThreadSubscription::createdAt).orElse(0L)));
      return true;
    }
    ThreadSubscription.State state = switch (method) {
      case "PUT" -> ThreadSubscription.State.SUBSCRIBED;
      case "DELETE" -> ThreadSubscription.State.MUTED;
      default -> throw HttpProblem.methodNotAllowed("PUT, DELETE", "method not allowed");
    };
    IssueSubscriptions.Target t = issues.target(reader, m.group(1), m.group(2), m.group(3));
    UserRef user = directory.user(who).orElseThrow(() -> HttpProblem.notFound("user does not exist: " + who));
    if (user.id() != caller.id() && !caller.admin()
        && !access.permission(caller.login(), t.repo().owner(), t.repo().name()).atLeast(Permission.ADMIN)) {
      throw HttpProblem.forbidden(caller.login() + " is not permitted to change subscriptions for " + user.login());
    }
    if (!access.canRead(user.login(), t.repo().owner(), t.repo().name())) {
      throw HttpProblem.invalid(user.login() + " cannot read " + t.repo().fullName(), "user");
    }
    try {
      ThreadSubscriptionStore.Change c = issues.store().set(user.id(), user.login(), t.repo().id(), t.repo().owner(),
          t.repo().name(), t.number(), state).get(60, TimeUnit.SECONDS);
      // Gitea: 201 when the subscription changed, 200 when it already was so; no body.
      http.empty(response, callback, c.changed() ? 201 : 200);
    } catch (ExecutionException | TimeoutException e) {
      log.error("Issue subscription change failed for {}", request.getHttpURI().getPath(), e);
      throw HttpProblem.internal("the notification store did not accept the change");
    }
    return true;
  }

  private void list(Response response, Callback callback, IssueSubscriptions.Target t, Fields q) throws Exception {
    int limit = ListParams.limit(q);
    int page = ListParams.page(q);
    List<Map<String, Object>> users = new ArrayList<>();
    for (ThreadSubscription s : issues.store().of(t.repo().id(), t.number())) {
      if (s.state() != ThreadSubscription.State.SUBSCRIBED || users.size() >= MAX_LISTED) {
        continue;
      }
      Optional<UserRef> u = directory.user(s.login());
      // Only users who still exist and can still read the repository are listed (and notified).
      if (u.isPresent() && access.canRead(u.get().login(), t.repo().owner(), t.repo().name())) {
        users.add(json.user(u.get(), false));
      }
    }
    long from = (long) (page - 1) * limit;
    List<Map<String, Object>> body = from >= users.size() ? List.of()
        : users.subList((int) from, (int) Math.min(users.size(), from + limit));
    response.getHeaders().put("X-Total-Count", Integer.toString(users.size()));
    response.getHeaders().put("Access-Control-Expose-Headers", "X-Total-Count");
    http.json(response, callback, 200, body);
  }
}
