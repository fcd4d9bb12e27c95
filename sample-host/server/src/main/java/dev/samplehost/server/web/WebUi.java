package dev.samplehost.server.web;

import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.service.RepoService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's server-rendered web pages: routes a path to the page that draws it. */
@Singleton
public class WebUi extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
  private final Layout layout;
  private final Viewer viewer;
  private final RepoService repos;
  private final AccountPages accounts;
  private final RepoPages repoPages;
  private final IssueRoutes issues;

  @Inject
  WebUi(Layout layout, Viewer viewer, RepoService repos, AccountPages accounts, RepoPages repoPages,
      IssueRoutes issues) {
    this.layout = layout;
    this.viewer = viewer;
    this.repos = repos;
    this.accounts = accounts;
    this.repoPages = repoPages;
    this.issues = issues;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String[] seg = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    PageRequest p = new PageRequest(request, response, callback, viewer.of(request), seg);
    try {
      route(p);
    } catch (RuntimeException e) {
      LOG.error("Page {} {} failed", request.getMethod(), path, e);
      Web.html(response, callback, 500, layout.render(Layout.Page.of(p.user(), p.csrf(), "error", "Error"),
          "<h1>Something went wrong</h1><p class=\"muted\">The error was logged.</p>"));
    }
    return true;
  }

  private void route(PageRequest p) {
    String[] s = p.segments();
    if (s.length == 0) {
      repoPages.home(p);
      return;
    }
    if (s.length == 2 && s[0].equals("assets") && s[1].equals("host.css")) {
      // "assets" is a reserved account name, so this never shadows a repository.
      Web.css(p.response(), p.callback(), Layout.css());
      return;
    }
    if (s[0].equals("user") && s.length == 2) {
      switch (s[1]) {
        case "login" -> accounts.login(p);
        case "logout" -> accounts.logout(p);
        case "settings" -> accounts.settings(p);
        default -> notFound(layout, p);
      }
      return;
    }
    if (s.length == 1) {
      repoPages.owner(p, s[0]);
      return;
    }
    Repository repo = repos.find(s[0], s[1]).orElse(null);
    if (repo == null || !repos.permission(p.login(), repo).atLeast(Permission.READ)) {
      notFound(layout, p);
      return;
    }
    if (s.length == 2) {
      repoPages.repoHome(p, repo);
      return;
    }
    switch (s[2]) {
      // Gitea's URL forms too (/commits/branch/{b}, /commit/{sha}, /src/branch|tag/{name}): the
      // events' html_url links use them, like every Gitea client.
      case "commits" -> repoPages.commits(p, repo, s.length > 4 && s[3].equals("branch") ? rest(s, 4)
          : s.length > 3 ? rest(s, 3) : null);
      case "commit" -> {
        if (s.length == 4) {
          repoPages.commit(p, repo, s[3]);
        } else {
          notFound(layout, p);
        }
      }
      case "src" -> {
        if (s.length > 4 && s[3].equals("branch")) {
          repoPages.commits(p, repo, rest(s, 4));
        } else if (s.length > 4 && s[3].equals("tag")) {
          repoPages.tag(p, repo, rest(s, 4));
        } else {
          notFound(layout, p);
        }
      }
      case "issues" -> issues.issues(p, repo, Arrays.copyOfRange(s, 3, s.length));
      case "pulls" -> issues.pulls(p, repo, Arrays.copyOfRange(s, 3, s.length));
      default -> notFound(layout, p);
    }
  }

  private static String rest(String[] segments, int from) {
    return String.join("/", Arrays.copyOfRange(segments, from, segments.length));
  }

  static void notFound(Layout layout, PageRequest p) {
    Web.html(p.response(), p.callback(), 404, layout.render(Layout.Page.of(p.user(), p.csrf(), "not-found", "Not found"),
        "<h1>Not found</h1><p class=\"muted\">The page does not exist, or you may not see it.</p>"));
  }

  static void forbidden(Layout layout, PageRequest p, String message) {
    Web.html(p.response(), p.callback(), 403, layout.render(Layout.Page.of(p.user(), p.csrf(), "forbidden", "Forbidden"),
        "<h1>Forbidden</h1><p>" + Html.esc(message) + "</p>"));
  }
}
