package dev.tidings.plugin.notify.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.prefs.ThreadSubscription;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The caller's own subscription to one issue or pull request, for the control on the host's issue
 * and pull request pages: {@code /plugins/tidings/api/preferences/repos/{o}/{r}/issues/{n}}, GET,
 * PUT {@code {"state":"subscribed"|"muted"}}, DELETE (back to the repository's rules); each answers
 * the state document. Unlike Gitea's calls it can undo a mute without subscribing.
 */
@Singleton
public final class IssueSubscriptionRoute implements PluginRoute {

  private static final Logger log = LoggerFactory.getLogger(IssueSubscriptionRoute.class);
  private static final Pattern PATH = Pattern.compile("/api/preferences/repos/([^/]+)/([^/]+)/issues/([^/]+)/?");
  private static final int MAX_BODY = 4 * 1024;

  private final Http http;
  private final IssueSubscriptions issues;

  @Inject
  public IssueSubscriptionRoute(Http http, IssueSubscriptions issues) {
    this.http = http;
    this.issues = issues;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Matcher m = PATH.matcher(Request.getPathInContext(request));
    if (!m.matches()) {
      return false;
    }
    UserRef user = http.notificationUser(request);
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("PUT") && !method.equals("DELETE")) {
      throw HttpProblem.methodNotAllowed("GET, PUT, DELETE", "method not allowed");
    }
    IssueSubscriptions.Target t = issues.target(user.login(), m.group(1), m.group(2), m.group(3));
    try {
      if (method.equals("PUT")) {
        ThreadSubscription.State state = state(request);
        issues.store().set(user.id(), user.login(), t.repo().id(), t.repo().owner(), t.repo().name(), t.number(), state)
            .get(60, TimeUnit.SECONDS);
      } else if (method.equals("DELETE")) {
        issues.store().clear(user.id(), t.repo().id(), t.number()).get(60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      log.error("Issue subscription change failed for {}", Request.getPathInContext(request), e);
      throw HttpProblem.internal("the subscription could not be saved");
    }
    http.json(response, callback, 200, document(t, issues.status(user, t)));
    return true;
  }

  private ThreadSubscription.State state(Request request) {
    JsonNode body = http.jsonObject(request, MAX_BODY);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("state")) {
        throw HttpProblem.invalid("unknown field " + f, f);
      }
    }
    JsonNode s = body.get("state");
    if (s == null || !s.isTextual()) {
      throw HttpProblem.invalid("state is required: \"subscribed\" or \"muted\"", "state");
    }
    return ThreadSubscription.State.parse(s.asText())
        .orElseThrow(() -> HttpProblem.invalid("state must be \"subscribed\" or \"muted\"", "state"));
  }

  private static Map<String, Object> document(IssueSubscriptions.Target t, IssueSubscriptions.Status s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("repository", t.repo().fullName());
    out.put("number", t.number());
    out.put("pull_request", t.participants().pullRequest());
    out.put("state", s.choice().map(c -> c.state().wire()).orElse(null));
    out.put("receiving", s.receiving());
    out.put("reason", s.reason());
    return out;
  }
}
