package dev.samplehost.server;

import dev.tidings.testing.support.HostTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.service.CommentService;
import dev.samplehost.server.service.IssueSearch;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.NotFoundException;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each filter and sort of {@link IssueSearch}, on issues and a pull request made through the services. */
@HostTest
class IssueSearchTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static IssueSearch search;
  static Repository repo;
  static Issue crash;
  static Issue slow;
  static Issue closed;
  static long pull;

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    search = host.injector().getInstance(IssueSearch.class);
    IssueService issues = host.injector().getInstance(IssueService.class);
    UserService users = host.injector().getInstance(UserService.class);
    User alice = users.get("alice");
    User bob = users.get("bob");
    repo = host.injector().getInstance(RepoService.class).create(alice, "alice", "search", "", false, true, "main");
    crash = issues.create(alice, repo, "Crash on start", "A stack trace", List.of());
    slow = issues.create(bob, repo, "Slow page", "Takes ages", List.of("alice"));
    closed = issues.create(alice, repo, "Old typo", "", List.of());
    issues.close(alice, repo, closed.number());
    CommentService comments = host.injector().getInstance(CommentService.class);
    comments.comment(bob, repo, crash.number(), "Same here, @bob knows why");
    comments.comment(alice, repo, crash.number(), "Fixed soon");
    PullMergeTestSupport.commit(host.injector().getInstance(GitStore.class), repo,
        "topic", "main", "t.txt", "t\n", "Topic");
    pull = host.injector().getInstance(PullService.class)
        .create(alice, repo, "topic", "main", "Topic work", "", List.of(), List.of()).number();
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  static List<Long> numbers(IssueFilter filter) {
    return search.list(repo, filter).items().stream().map(Issue::number).toList();
  }

  static IssueFilter filter(String state, Boolean pulls, String createdBy, String assignedTo, String mentioned,
      String keyword, String sort) {
    return new IssueFilter(state, pulls, createdBy, assignedTo, mentioned, keyword, null, null, sort, 1, 30);
  }

  @Test
  void stateAndKindDefaultToOpenIssuesAndPullRequestsNewestFirst() {
    assertThat(numbers(filter(null, null, null, null, null, null, null)))
        .containsExactly(pull, slow.number(), crash.number());
    assertThat(numbers(filter("closed", null, null, null, null, null, null))).containsExactly(closed.number());
    assertThat(numbers(filter("all", false, null, null, null, null, "oldest")))
        .containsExactly(crash.number(), slow.number(), closed.number());
    assertThat(numbers(filter("all", true, null, null, null, null, null))).containsExactly(pull);
  }

  @Test
  void peopleFiltersMatchPosterAssigneeAndMentionsInBodyOrComments() {
    assertThat(numbers(filter("all", null, "bob", null, null, null, null))).containsExactly(slow.number());
    assertThat(numbers(filter("all", null, null, "alice", null, null, null))).containsExactly(slow.number());
    assertThat(numbers(filter("all", null, null, null, "bob", null, null))).containsExactly(crash.number());
    assertThatThrownBy(() -> search.list(repo, filter("all", null, "nobody-at-all", null, null, null, null)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void keywordMatchesTitleOrBody() {
    assertThat(numbers(filter("all", null, null, null, null, " stack ", null))).containsExactly(crash.number());
    assertThat(numbers(filter("all", null, null, null, null, "page", null))).containsExactly(slow.number());
  }

  @Test
  void sortsByCommentsAndPagesWithTheTotal() {
    assertThat(numbers(filter("open", false, null, null, null, null, "mostcomment")).get(0)).isEqualTo(crash.number());
    Page<Issue> second = search.list(repo, filter("all", null, null, null, null, null, "oldest").withPage(2, 1));
    assertThat(second.items()).extracting(Issue::number).containsExactly(slow.number());
    assertThat(second.total()).isEqualTo(4);
  }
}
