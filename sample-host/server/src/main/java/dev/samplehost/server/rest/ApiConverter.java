package dev.samplehost.server.rest;

import static dev.samplehost.server.rest.ApiJson.time;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Permission;
import dev.samplehost.server.domain.AccessToken;
import dev.samplehost.server.domain.Branch;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.CommitInfo;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.Organization;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewRequest;
import dev.samplehost.server.domain.Team;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.HostUrls;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the host's domain records into Gitea's JSON shapes, as seen by one caller. */
@Singleton
public final class ApiConverter {

  /** Go's zero time, which Gitea sends for non-pointer times the host does not track. */
  static final OffsetDateTime ZERO_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final HostUrls urls;
  private final AccessControl access;

  @Inject
  ApiConverter(HostUrls urls, AccessControl access) {
    this.urls = urls;
    this.access = access;
  }

  /** The host's base URL (Gitea's AppURL), ending with a slash. */
  public String baseUrl() {
    return urls.baseUrl();
  }

  private String api() {
    return urls.baseUrl() + "api/v1";
  }

  private String avatar(String login) {
    // The host serves no avatar images; an empty URL is better than one that answers 404.
    return "";
  }

  /** A user as {@code viewer} (null for anonymous) may see it. */
  public UserJson user(User user, String viewer) {
    if (user == null) {
      return null;
    }
    boolean privileged = viewer != null
        && (viewer.equalsIgnoreCase(user.login()) || access.isAdmin(viewer));
    String email = viewer != null ? user.email() : user.login() + "@noreply." + host();
    return new UserJson(user.id(), user.login(), user.login(), privileged ? user.login() : "", 0,
        user.fullName(), email, avatar(user.login()), urls.baseUrl() + user.login(), "",
        privileged && user.admin(), privileged ? time(user.created()) : ZERO_TIME,
        time(user.created()), false, privileged, false, "", "", "", "public", 0, 0, 0);
  }

  /** Users as {@code viewer} may see them. */
  public List<UserJson> users(List<User> users, String viewer) {
    return users.stream().map(u -> user(u, viewer)).toList();
  }

  /** An organisation rendered as a {@code User} (repository owners). */
  public UserJson orgAsUser(Organization org) {
    return new UserJson(org.id(), org.name(), org.name(), "", 0, org.fullName(), org.email(),
        avatar(org.name()), urls.baseUrl() + org.name(), "", false, ZERO_TIME, time(org.created()),
        false, true, false, org.location(), org.website(), org.description(), org.visibility(), 0, 0, 0);
  }

  /** An organisation. */
  public OrganizationJson organization(Organization org) {
    return new OrganizationJson(org.id(), org.name(), org.name(), org.fullName(), org.email(),
        avatar(org.name()), org.description(), org.website(), org.location(), org.visibility(), false);
  }

  /** A team of {@code org}. */
  public TeamJson team(Team team, Organization org) {
    String unitLevel = team.isOwners() ? "owner" : team.permission();
    Map<String, String> unitsMap = new LinkedHashMap<>();
    for (String unit : team.units()) {
      unitsMap.put(unit, unitLevel);
    }
    return new TeamJson(team.id(), team.name(), team.description(),
        org == null ? null : organization(org), team.permission(), team.units(), unitsMap,
        team.includesAllRepositories(), team.canCreateOrgRepo());
  }

  /** A token; {@code plaintext} only right after creation, otherwise empty. */
  public AccessTokenJson token(AccessToken token, String plaintext) {
    return new AccessTokenJson(token.id(), token.name(), plaintext == null ? "" : plaintext,
        token.lastEight(), token.scopes());
  }

  /** A repository; {@code permission} null omits the {@code permissions} object. */
  public RepositoryJson repository(Repository repo, UserJson owner, Permission permission,
      boolean empty, int openIssues, int openPulls) {
    RepositoryJson.Permissions perms = permission == null ? null : new RepositoryJson.Permissions(
        permission.atLeast(Permission.ADMIN), permission.atLeast(Permission.WRITE),
        permission.atLeast(Permission.READ));
    String owner2 = repo.owner();
    String html = urls.repo(owner2, repo.name());
    return new RepositoryJson(repo.id(), owner, repo.name(), repo.fullName(), repo.description(),
        empty, repo.isPrivate(), false, false, false, 0, "",
        api() + "/repos/" + repo.fullName() + "/languages", html, api() + "/repos/" + repo.fullName(),
        "/" + repo.fullName(), "git@" + host() + ":" + repo.fullName() + ".git",
        urls.clone(owner2, repo.name()), "", "", 0, 0, 0, openIssues, openPulls, 0,
        repo.defaultBranch(), false, time(repo.created()), time(repo.updated()), ZERO_TIME, perms,
        true, new RepositoryJson.InternalTracker(false, false, false), false, true, false, "all",
        false, false, false, false, true, false, false, false, true, false, false, false, false,
        "merge", false, "", false, "", "sha1", ZERO_TIME, List.of(), List.of());
  }

  /** The owner login of a repository in the shape used by issues. */
  public RepoMetaJson repoMeta(Repository repo) {
    return new RepoMetaJson(repo.id(), repo.name(), repo.owner(), repo.fullName());
  }

  /** An issue (or a pull request seen as an issue; then {@code pull} is its PR part). */
  public IssueJson issue(Issue issue, Repository repo, PullRequest pull, String viewer) {
    boolean isPull = issue.pullRequest();
    String html = urls.issue(repo.owner(), repo.name(), issue.number(), isPull);
    IssueJson.PullRequestMeta meta = isPull
        ? new IssueJson.PullRequestMeta(pull != null && pull.merged(),
            pull == null ? null : time(pull.mergedAt()), draft(issue.title()), html)
        : null;
    List<UserJson> assignees = users(issue.assignees(), viewer);
    return new IssueJson(issue.id(), api() + "/repos/" + repo.fullName() + "/issues/" + issue.number(),
        html, issue.number(), user(issue.author(), viewer), "", 0, issue.title(), issue.body(), "",
        List.of(), List.of(), null, assignees.isEmpty() ? null : assignees.get(0),
        assignees.isEmpty() ? null : assignees, issue.state(), false, issue.comments(),
        time(issue.created()), time(issue.updated()), time(issue.closedAt()), null, meta,
        repoMeta(repo), 0);
  }

  /** A comment on an issue or pull request of {@code repo}. */
  public CommentJson comment(Comment comment, Repository repo, boolean pull, String viewer) {
    String issueHtml = urls.issue(repo.owner(), repo.name(), comment.issueNumber(), pull);
    return new CommentJson(comment.id(), issueHtml + "#issuecomment-" + comment.id(),
        pull ? issueHtml : "", pull ? "" : issueHtml, user(comment.author(), viewer), "", 0,
        comment.body(), List.of(), time(comment.created()), time(comment.updated()));
  }

  /** A pull request; {@code repoJson} is its repository and {@code baseSha} the base branch head. */
  public PullRequestJson pull(PullRequest pr, Repository repo, RepositoryJson repoJson, String baseSha,
      boolean mergeable, String mergeBase, String viewer) {
    Issue issue = pr.issue();
    String html = urls.issue(repo.owner(), repo.name(), issue.number(), true);
    List<UserJson> assignees = users(issue.assignees(), viewer);
    return new PullRequestJson(issue.id(), html, issue.number(), user(issue.author(), viewer),
        issue.title(), issue.body(), List.of(), null, assignees.isEmpty() ? null : assignees.get(0),
        assignees, users(pr.requestedReviewers(), viewer), List.of(), issue.state(),
        draft(issue.title()), false, issue.comments(), 0, 0, 0, 0, html, html + ".diff",
        html + ".patch", mergeable && !pr.merged() && issue.isOpen(), pr.merged(),
        time(pr.mergedAt()), pr.merged() ? pr.mergeSha() : null, user(pr.mergedBy(), viewer), false,
        new PullRequestJson.BranchInfo(pr.baseBranch(), pr.baseBranch(), baseSha, repo.id(), repoJson),
        new PullRequestJson.BranchInfo(pr.headBranch(), pr.headBranch(), pr.headSha(), repo.id(), repoJson),
        mergeBase == null ? "" : mergeBase, null, time(issue.created()), time(issue.updated()),
        time(issue.closedAt()), 0);
  }

  /** A submitted review. */
  public PullReviewJson review(Review review, Repository repo, String viewer, boolean official, String headSha) {
    String prHtml = urls.issue(repo.owner(), repo.name(), review.number(), true);
    return new PullReviewJson(review.id(), user(review.reviewer(), viewer), null,
        review.state().name(), review.body(), review.commitId(),
        headSha != null && !review.commitId().isEmpty() && !headSha.equals(review.commitId()),
        official, false, 0, time(review.submitted()), time(review.updated()),
        prHtml + "#issuecomment-" + review.id(), prHtml);
  }

  /** A pending review request, shown as a {@code REQUEST_REVIEW} review. */
  public PullReviewJson reviewRequest(ReviewRequest request, Repository repo, String viewer) {
    String prHtml = urls.issue(repo.owner(), repo.name(), request.number(), true);
    return new PullReviewJson(0, user(request.reviewer(), viewer), null, "REQUEST_REVIEW", "", "",
        false, false, false, 0, time(request.created()), time(request.created()), prHtml, prHtml);
  }

  /** A branch with its head commit. */
  public BranchJson branch(Branch branch, Repository repo, boolean canPush) {
    CommitInfo c = branch.commit();
    BranchJson.Commit commit = new BranchJson.Commit(c.sha(), c.message(),
        urls.repo(repo.owner(), repo.name()) + "/commit/" + c.sha(),
        new BranchJson.Person(c.authorName(), c.authorEmail(), ""),
        new BranchJson.Person(c.committerName(), c.committerEmail(), ""), null,
        time(c.commitTime()), List.of(), List.of(), List.of());
    return new BranchJson(branch.name(), commit, false, 0, false, List.of(), canPush, canPush, "");
  }

  /** Whether a title marks a work-in-progress PR (Gitea's default WIP prefixes). */
  static boolean draft(String title) {
    String t = title == null ? "" : title.toUpperCase(Locale.ROOT);
    return t.startsWith("WIP:") || t.startsWith("[WIP]");
  }

  private String host() {
    String base = urls.baseUrl();
    int start = base.indexOf("://");
    String rest = start < 0 ? base : base.substring(start + 3);
    int end = rest.indexOf('/');
    String authority = end < 0 ? rest : rest.substring(0, end);
    int colon = authority.lastIndexOf(':');
    return colon > 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
  }
}
