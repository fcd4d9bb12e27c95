package dev.tidings.plugin.notify.api;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.notify.ThreadStatus;
import dev.tidings.plugin.notify.route.NotificationPublisher;
import dev.tidings.plugin.notify.store.NotificationThread;
import dev.tidings.plugin.notify.store.ThreadPage;
import dev.tidings.plugin.notify.store.ThreadQuery;
import dev.tidings.plugin.notify.store.ThreadStore;
import dev.tidings.plugin.web.ApiRoute;
import dev.tidings.plugin.web.HttpProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gitea's notification calls under {@code /api/v1}: list, mark, count, one thread, and the
 * per-repository list and mark, with GitHub's polling headers on the lists.
 */
@Singleton
public final class NotificationsApi implements ApiRoute {

  private static final Logger log = LoggerFactory.getLogger(NotificationsApi.class);
  private static final Pattern THREAD = Pattern.compile("/api/v1/notifications/threads/([^/]*)/?");
  private static final Pattern REPO = Pattern.compile("/api/v1/repos/([^/]+)/([^/]+)/notifications/?");
  private static final String POLL_INTERVAL = "60";

  private final Http http;
  private final ThreadStore store;
  private final GiteaJson json;
  private final Directory directory;
  private final AccessControl access;
  private final NotificationPublisher publisher;

  @Inject
  public NotificationsApi(Http http, ThreadStore store, GiteaJson json, Directory directory, AccessControl access,
      NotificationPublisher publisher) {
    this.http = http;
    this.store = store;
    this.json = json;
    this.directory = directory;
    this.access = access;
    this.publisher = publisher;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    Matcher thread = THREAD.matcher(path);
    Matcher repo = REPO.matcher(path);
    boolean list = path.equals("/api/v1/notifications") || path.equals("/api/v1/notifications/");
    boolean count = path.equals("/api/v1/notifications/new");
    if (!list && !count && !thread.matches() && !repo.matches()) {
      return false;
    }
    UserRef user = http.notificationUser(request);
    Fields q = Request.extractQueryParameters(request);
    try {
      if (list || repo.matches()) {
        long repoId = 0;
        if (repo.matches()) {
          repoId = visibleRepo(user, repo.group(1), repo.group(2)).id();
        }
        switch (method) {
          case "GET" -> list(request, response, callback, user, repoId, q);
          case "PUT" -> mark(response, callback, user, repoId, q);
          default -> throw HttpProblem.methodNotAllowed("GET, PUT", "method not allowed");
        }
      } else if (count) {
        if (!method.equals("GET")) {
          throw HttpProblem.methodNotAllowed("GET", "method not allowed");
        }
        http.json(response, callback, 200, Map.of("new", store.unreadCount(user.id())));
      } else {
        long id = parseId(thread.group(1));
        switch (method) {
          case "GET" -> http.json(response, callback, 200, json.thread(owned(user, id, true)));
          case "PATCH" -> patch(response, callback, user, id, q);
          default -> throw HttpProblem.methodNotAllowed("GET, PATCH", "method not allowed");
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      log.error("Notification API write failed for {}", path, e);
      throw HttpProblem.internal("the notification store did not accept the change");
    }
    return true;
  }

  private void list(Request request, Response response, Callback callback, UserRef user, long repoId, Fields q)
      throws Exception {
    Set<ThreadStatus> statuses = ListParams.bool(q, "all")
        ? Set.of() : ListParams.statuses(q, EnumSet.of(ThreadStatus.UNREAD, ThreadStatus.PINNED));
    Long since = ListParams.time(q, "since", 422);
    Long before = ListParams.time(q, "before", 422);
    int limit = ListParams.limit(q);
    int page = ListParams.page(q);
    long lastModified = store.lastModified(user.id()) / 1000;
    if (lastModified > 0) {
      response.getHeaders().put(HttpHeader.LAST_MODIFIED, httpDate(lastModified));
    }
    response.getHeaders().put("X-Poll-Interval", POLL_INTERVAL);
    Long ims = ifModifiedSince(request);
    if (ims != null && lastModified > 0 && lastModified <= ims) {
      http.empty(response, callback, 304);
      return;
    }
    ThreadQuery query = new ThreadQuery(user.id(), repoId, statuses, ListParams.subjectTypes(q), since, before,
        (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * limit), limit);
    ThreadPage result = store.page(query);
    List<Map<String, Object>> body = new ArrayList<>();
    Readable readable = new Readable(user);
    int hidden = 0;
    for (NotificationThread t : result.threads()) {
      if (readable.test(t)) {
        body.add(json.thread(t));
      } else {
        hidden++;
      }
    }
    response.getHeaders().put("X-Total-Count", Long.toString(Math.max(0, result.total() - hidden)));
    response.getHeaders().put("Access-Control-Expose-Headers", "X-Total-Count, Last-Modified, X-Poll-Interval");
    http.json(response, callback, 200, body);
  }

  private void mark(Response response, Callback callback, UserRef user, long repoId, Fields q) throws Exception {
    Long lastReadAt = ListParams.time(q, "last_read_at", 400);
    Set<ThreadStatus> from = ListParams.bool(q, "all")
        ? Set.of() : ListParams.statuses(q, EnumSet.of(ThreadStatus.UNREAD));
    ThreadStatus to = toStatus(q);
    ThreadQuery query = new ThreadQuery(user.id(), repoId, from, Set.of(), null, lastReadAt, 0, 0);
    ThreadStore.Marked marked = store.mark(query, to).get(60, TimeUnit.SECONDS);
    if (!marked.threads().isEmpty()) {
      publisher.marked(user.login(), to.wire(), marked.threads(), marked.unreadCount());
    }
    List<Map<String, Object>> body = new ArrayList<>();
    Readable readable = new Readable(user);
    for (NotificationThread t : marked.threads()) {
      if (readable.test(t)) {
        body.add(json.thread(t));
      }
    }
    // 205 with a body, as Gitea sends it (fetch-based clients drop it; curl and Go clients see it).
    http.json(response, callback, 205, body);
  }

  private void patch(Response response, Callback callback, UserRef user, long id, Fields q) throws Exception {
    owned(user, id, false);
    ThreadStatus to = toStatus(q);
    Optional<ThreadStore.Marked> marked = store.setStatus(id, to).get(60, TimeUnit.SECONDS);
    if (marked.isEmpty()) {
      throw Http.notFound();
    }
    publisher.marked(user.login(), to.wire(), marked.get().threads(), marked.get().unreadCount());
    http.json(response, callback, 205, json.thread(marked.get().threads().get(0)));
  }

  /**
   * The thread if it is the user's: 404 when missing or of a repository the user cannot read now
   * (access lost since it was written), 403 when someone else's (admins may read).
   */
  private NotificationThread owned(UserRef user, long id, boolean adminMayRead) throws Exception {
    NotificationThread t = store.get(id).orElseThrow(Http::notFound);
    if (t.userId() != user.id() && !(adminMayRead && access.isAdmin(user.login()))) {
      throw HttpProblem.forbidden("this notification thread belongs to another user");
    }
    if (!new Readable(user).test(t)) {
      throw Http.notFound();
    }
    return t;
  }

  /**
   * Whether the user may read a thread's repository now, asked once per repository of a request:
   * threads are written when the user could read it, and a collaborator or member removed since
   * must not keep reading private titles (the {@code AccessLossPurger} also deletes them).
   */
  private final class Readable implements java.util.function.Predicate<NotificationThread> {
    private final UserRef user;
    private final Map<Long, Boolean> byRepo = new java.util.HashMap<>();

    Readable(UserRef user) {
      this.user = user;
    }

    @Override
    public boolean test(NotificationThread t) {
      return byRepo.computeIfAbsent(t.repoId(), k -> access.canRead(user.login(), t.repoOwner(), t.repoName()));
    }
  }

  private RepoRef visibleRepo(UserRef user, String owner, String name) {
    RepoRef r = directory.repository(owner, name).orElseThrow(Http::notFound);
    if (!access.canRead(user.login(), r.owner(), r.name())) {
      throw Http.notFound();
    }
    return r;
  }

  private static ThreadStatus toStatus(Fields q) {
    return ThreadStatus.parse(q.getValue("to-status")).orElse(ThreadStatus.READ);
  }

  private static long parseId(String s) {
    // Gitea treats a non-numeric id as 0, which never exists.
    try {
      long id = Long.parseLong(s);
      if (id <= 0) {
        throw Http.notFound();
      }
      return id;
    } catch (NumberFormatException e) {
      throw Http.notFound();
    }
  }

  private static Long ifModifiedSince(Request request) {
    String v = request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String httpDate(long epochSeconds) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC));
  }
}
