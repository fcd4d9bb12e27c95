package dev.samplehost.server.web;

import dev.samplehost.api.web.PageSlot;
import dev.samplehost.server.domain.Branch;
import dev.samplehost.server.domain.CommitInfo;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.service.CommitStatusService;
import dev.samplehost.server.service.HostUrls;
import dev.samplehost.server.service.OrgService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** The home page, owner pages, repository home and commit list. */
@Singleton
class RepoPages {
  private static final int COMMITS_PER_PAGE = 30;
  private static final java.util.regex.Pattern SHA = java.util.regex.Pattern.compile("[0-9a-f]{7,40}");
  private final Layout layout;
  private final RepoService repos;
  private final UserService users;
  private final OrgService orgs;
  private final GitStore git;
  private final HostUrls urls;
  private final CommitStatusService statuses;

  @Inject
  RepoPages(Layout layout, RepoService repos, UserService users, OrgService orgs, GitStore git, HostUrls urls,
      CommitStatusService statuses) {
    this.statuses = statuses;
    this.layout = layout;
    this.repos = repos;
    this.users = users;
    this.orgs = orgs;
    this.git = git;
    this.urls = urls;
  }

  void home(PageRequest p) {
    StringBuilder b = new StringBuilder();
    if (p.user() != null) {
      b.append("<section class=\"plugin-slot\" data-host-slot=\"home\">").append(layout.slot(PageSlot.HOME)).append("</section>");
    }
    b.append("<h1>Repositories</h1>");
    repoList(b, repos.listVisibleTo(p.login()), true);
    if (p.user() == null) {
      b.append("<p class=\"muted\"><a href=\"/user/login\">Sign in</a> to see private repositories you can access.</p>");
    }
    Web.html(p.response(), p.callback(), 200, layout.render(Layout.Page.of(p.user(), p.csrf(), "home", "Home"), b.toString()));
  }

  void owner(PageRequest p, String owner) {
    boolean isUser = users.find(owner).isPresent();
    boolean isOrg = !isUser && orgs.find(owner).isPresent();
    if (!isUser && !isOrg) {
      WebUi.notFound(layout, p);
      return;
    }
    List<Repository> visible = repos.listByOwner(owner).stream()
        .filter(r -> repos.permission(p.login(), r).atLeast(dev.samplehost.api.Permission.READ)).toList();
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(owner)).append("</h1>");
    if (isOrg) {
      b.append("<p class=\"muted\">Organisation</p>");
    }
    repoList(b, visible, false);
    Web.html(p.response(), p.callback(), 200, layout.render(Layout.Page.of(p.user(), p.csrf(), "owner", owner), b.toString()));
  }

  private static void repoList(StringBuilder b, List<Repository> list, boolean fullName) {
    b.append("<ul class=\"list repos\">");
    if (list.isEmpty()) {
      b.append("<li class=\"muted\">No repositories.</li>");
    }
    for (Repository r : list) {
      b.append("<li><a href=\"/").append(Html.esc(r.fullName())).append("\">")
          .append(Html.esc(fullName ? r.fullName() : r.name())).append("</a>")
          .append(r.isPrivate() ? " <span class=\"muted\">(private)</span>" : "");
      if (!r.description().isEmpty()) {
        b.append("<div class=\"muted\">").append(Html.esc(r.description())).append("</div>");
      }
      b.append("</li>");
    }
    b.append("</ul>");
  }

  void repoHome(PageRequest p, Repository repo) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>").append(Html.esc(repo.fullName())).append(repo.isPrivate() ? " <span class=\"muted\">(private)</span>" : "")
        .append("</h1>");
    if (!repo.description().isEmpty()) {
      b.append("<p>").append(Html.esc(repo.description())).append("</p>");
    }
    tabs(b, repo, "code");
    b.append("<label for=\"clone-url\">Clone</label><code class=\"clone\" id=\"clone-url\">git clone ")
        .append(Html.esc(urls.clone(repo.owner(), repo.name()))).append("</code>");
    List<Branch> branches = repos.branches(repo);
    if (branches.isEmpty()) {
      b.append("<p class=\"muted\">This repository is empty. Push a branch to get started:</p><code class=\"clone\">git push ")
          .append(Html.esc(urls.clone(repo.owner(), repo.name()))).append(" ").append(Html.esc(repo.defaultBranch())).append("</code>");
    } else {
      b.append("<h2>Branches</h2><ul class=\"list branches\">");
      for (Branch br : branches) {
        b.append("<li data-branch=\"").append(Html.esc(br.name())).append("\"><a href=\"/").append(Html.esc(repo.fullName()))
            .append("/commits/").append(Html.esc(br.name())).append("\">").append(Html.esc(br.name())).append("</a>")
            .append(br.name().equals(repo.defaultBranch()) ? " <span class=\"muted\">default</span>" : "")
            .append(" <span class=\"sha muted\">").append(Web.shortSha(br.commit().sha())).append("</span></li>");
      }
      b.append("</ul>");
    }
    String ref = branches.stream().anyMatch(br -> br.name().equals(repo.defaultBranch())) ? repo.defaultBranch()
        : branches.isEmpty() ? null : branches.get(0).name();
    b.append("<h2>Latest commits</h2>");
    commitList(b, repo, ref == null ? List.of() : repos.commits(repo, "refs/heads/" + ref, 0, 10),
        ref == null ? repo.defaultBranch() : ref, statuses);
    b.append("<section class=\"plugin-slot\" data-host-slot=\"repository-home\">").append(layout.slot(PageSlot.REPOSITORY_HOME))
        .append("</section>");
    if (ref != null) {
      git.readFile(repo.owner(), repo.name(), "refs/heads/" + ref, "README.md", 64 * 1024).ifPresent(readme ->
          b.append("<h2>README.md</h2><div class=\"card body\" id=\"readme\">").append(Html.esc(readme)).append("</div>"));
    }
    Web.html(p.response(), p.callback(), 200,
        layout.render(Layout.Page.repo(p.user(), p.csrf(), "repo-home", repo.fullName(), repo), b.toString()));
  }

  void commits(PageRequest p, Repository repo, String branch) {
    String ref = branch == null || branch.isEmpty() ? repo.defaultBranch() : branch;
    int page = 1;
    try {
      page = Math.max(1, Integer.parseInt(p.query("page") == null ? "1" : p.query("page")));
    } catch (NumberFormatException e) {
      page = 1;
    }
    if (repos.branch(repo, ref).isEmpty() && !repos.isEmpty(repo)) {
      WebUi.notFound(layout, p);
      return;
    }
    List<CommitInfo> commits = repos.commits(repo, "refs/heads/" + ref, (page - 1) * COMMITS_PER_PAGE, COMMITS_PER_PAGE + 1);
    StringBuilder b = new StringBuilder("<h1>Commits on ").append(Html.esc(ref)).append("</h1>");
    tabs(b, repo, "commits");
    // Only the first page shows the branch head, so only it may grow live.
    commitList(b, repo, commits.subList(0, Math.min(COMMITS_PER_PAGE, commits.size())), page == 1 ? ref : null,
        statuses);
    b.append("<p>");
    if (page > 1) {
      b.append("<a href=\"?page=").append(page - 1).append("\">Newer</a> ");
    }
    if (commits.size() > COMMITS_PER_PAGE) {
      b.append("<a href=\"?page=").append(page + 1).append("\">Older</a>");
    }
    b.append("</p>");
    Web.html(p.response(), p.callback(), 200,
        layout.render(Layout.Page.repo(p.user(), p.csrf(), "commits", "Commits · " + repo.fullName(), repo), b.toString()));
  }

  /** One commit, by its (possibly abbreviated) id: Gitea's {@code /{owner}/{repo}/commit/{sha}}. */
  void commit(PageRequest p, Repository repo, String sha) {
    if (!SHA.matcher(sha).matches()) {
      WebUi.notFound(layout, p);
      return;
    }
    showCommit(p, repo, sha, "Commit " + Web.shortSha(sha));
  }

  /** The commit a tag points at: Gitea's {@code /{owner}/{repo}/src/tag/{name}}. */
  void tag(PageRequest p, Repository repo, String name) {
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/tags/" + name)) {
      WebUi.notFound(layout, p);
      return;
    }
    showCommit(p, repo, "refs/tags/" + name, "Tag " + name);
  }

  private void showCommit(PageRequest p, Repository repo, String revision, String title) {
    List<CommitInfo> one;
    try {
      one = repos.commits(repo, revision, 0, 1);
    } catch (java.io.UncheckedIOException e) {
      one = List.of(); // e.g. an abbreviated id that matches several objects
    }
    if (one.isEmpty()) {
      WebUi.notFound(layout, p);
      return;
    }
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(title)).append("</h1>");
    tabs(b, repo, "commits");
    commitList(b, repo, one, null, statuses);
    Web.html(p.response(), p.callback(), 200,
        layout.render(Layout.Page.repo(p.user(), p.csrf(), "commit", title + " · " + repo.fullName(), repo), b.toString()));
  }

  /**
   * A list of commits; when it shows the head of {@code liveBranch} (non-null) it is marked
   * {@code data-host-commits data-branch=...} so that plugins may prepend new pushes to it. Each
   * commit with statuses shows its combined state ({@code data-host-commit-status}), and the list is
   * marked {@code data-host-commit-statuses} so that plugins may update them live.
   */
  static void commitList(StringBuilder b, Repository repo, List<CommitInfo> commits, String liveBranch,
      CommitStatusService statuses) {
    java.util.Map<String, dev.samplehost.server.domain.CommitState> states =
        statuses.combinedStates(repo, commits.stream().map(CommitInfo::sha).toList());
    b.append("<ul class=\"list commits\" data-host-commit-statuses");
    if (liveBranch != null) {
      b.append(" data-host-commits data-branch=\"").append(Html.esc(liveBranch)).append('"');
    }
    b.append('>');
    if (commits.isEmpty()) {
      b.append("<li class=\"muted\">No commits yet.</li>");
    }
    for (CommitInfo c : commits) {
      b.append("<li data-sha=\"").append(Html.esc(c.sha())).append("\"><span class=\"sha\">").append(Web.shortSha(c.sha()))
          .append("</span> <span class=\"message\">").append(Html.esc(c.summary())).append("</span>");
      if (states.containsKey(c.sha())) {
        b.append(' ').append(StatusViews.badge(states.get(c.sha()), "CI"));
      }
      b
          .append("<div class=\"muted\">").append(Html.esc(c.authorName())).append(" · ").append(Web.when(c.authorTime()))
          .append("</div></li>");
    }
    b.append("</ul>");
  }

  static void tabs(StringBuilder b, Repository repo, String active) {
    String base = "/" + Html.esc(repo.fullName());
    b.append("<nav class=\"tabs\">")
        .append(tab(base, "Code", "code".equals(active)))
        .append(tab(base + "/commits", "Commits", "commits".equals(active)))
        .append(tab(base + "/issues", "Issues", "issues".equals(active)))
        .append(tab(base + "/pulls", "Pull requests", "pulls".equals(active)))
        .append("</nav>");
  }

  private static String tab(String href, String label, boolean active) {
    return "<a href=\"" + href + "\"" + (active ? " aria-current=\"page\"><strong>" + label + "</strong>" : ">" + label) + "</a>";
  }
}
