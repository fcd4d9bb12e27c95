package dev.samplehost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.service.AlreadyMergedException;
import dev.samplehost.server.service.ConflictException;
import dev.samplehost.server.service.IssueChanges;
import dev.samplehost.server.service.IssueService;
import dev.samplehost.server.service.MergeConflictException;
import dev.samplehost.server.service.NotFoundException;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import dev.samplehost.server.service.UserService;
import dev.samplehost.server.service.ValidationException;
import dev.tidings.testing.support.HostTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull request creation rules and merging on the bare repository: fast-forward, merge commit, conflict. */
@HostTest
class PullMergeTest {
  @TempDir
  static Path tmp;
  static HostServer host;
  static PullService pulls;
  static RepoService repos;
  static GitStore store;
  static User alice;
  static final List<PullRequestEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    host = HostServer.builder().port(0).dataDir(tmp.resolve("data")).demo(true).build();
    host.start();
    pulls = host.injector().getInstance(PullService.class);
    repos = host.injector().getInstance(RepoService.class);
    store = host.injector().getInstance(GitStore.class);
    alice = host.injector().getInstance(UserService.class).get("alice");
    host.injector().getInstance(HostEvents.class).addListener(new HostEventListener() {
      @Override
      public void onPullRequest(PullRequestEvent event) {
        events.add(event);
      }
    });
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.stop();
    }
  }

  static String commit(Repository repo, String branch, String from, String path, String content, String message)
      throws Exception {
    return PullMergeTestSupport.commit(store, repo, branch, from, path, content, message);
  }

  static String tip(Repository repo, String branch) throws Exception {
    try (var r = store.open(repo.owner(), repo.name())) {
      return r.exactRef(Constants.R_HEADS + branch).getObjectId().name();
    }
  }

  static RevCommit parse(Repository repo, String sha) throws Exception {
    try (var r = store.open(repo.owner(), repo.name()); RevWalk walk = new RevWalk(r)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(sha));
      walk.parseBody(c);
      return c;
    }
  }

  @Test
  void fastForwardWhenTheBaseHasNotMoved() throws Exception {
    Repository repo = repos.create(alice, "alice", "ff", "", false, true, "main");
    String head = commit(repo, "feature", "main", "a.txt", "a\n", "Add a");
    PullRequest pr = pulls.create(alice, repo, "feature", "main", "Add a", "", List.of(), List.of());
    PullRequest merged = pulls.merge(alice, repo, pr.number(), MergeStyle.MERGE, null, null, null, false);
    assertThat(merged.merged()).isTrue();
    assertThat(merged.displayState()).isEqualTo("merged");
    assertThat(merged.mergeSha()).isEqualTo(head);
    assertThat(tip(repo, "main")).isEqualTo(head);
    assertThat(merged.issue().state()).isEqualTo("closed");
    assertThat(events).anyMatch(e -> e.action() == PullRequestEvent.Action.MERGED
        && e.repository().fullName().equals("alice/ff") && head.equals(e.pullRequest().mergeSha()));
    assertThatThrownBy(() -> pulls.merge(alice, repo, pr.number(), MergeStyle.MERGE, null, null, null, false))
        .isInstanceOf(AlreadyMergedException.class)
        .satisfies(e -> assertThat(((AlreadyMergedException) e).status()).isEqualTo(405));
  }

  @Test
  void editingAPullRequestsTextIsReportedAsEditedOnce() throws Exception {
    Repository repo = repos.create(alice, "alice", "edits", "", false, true, "main");
    commit(repo, "topic", "main", "t.txt", "t\n", "Topic");
    PullRequest pr = pulls.create(alice, repo, "topic", "main", "Topic", "", List.of(), List.of());
    IssueService issues = host.injector().getInstance(IssueService.class);
    issues.edit(alice, repo, pr.number(), new IssueChanges(null, "Please look, @bob", null, null, null));
    issues.edit(alice, repo, pr.number(), IssueChanges.state("closed"));
    List<PullRequestEvent> mine = events.stream().filter(e -> e.repository().fullName().equals("alice/edits")).toList();
    assertThat(mine).extracting(PullRequestEvent::action).containsExactly(
        PullRequestEvent.Action.OPENED, PullRequestEvent.Action.EDITED, PullRequestEvent.Action.CLOSED);
    assertThat(mine.get(1).pullRequest().body()).isEqualTo("Please look, @bob");
  }

  @Test
  void mergeCommitWhenBothSidesMoved() throws Exception {
    Repository repo = repos.create(alice, "alice", "mc", "", false, true, "main");
    String base0 = tip(repo, "main");
    String head = commit(repo, "feature", base0, "feature.txt", "feature\n", "Feature");
    String base1 = commit(repo, "main", base0, "main.txt", "main\n", "Main moves");
    PullRequest pr = pulls.create(alice, repo, "feature", "main", "Feature work", "", List.of(), List.of());
    PullRequest merged = pulls.merge(alice, repo, pr.number(), MergeStyle.MERGE, null, null, null, false);
    RevCommit mergeCommit = parse(repo, merged.mergeSha());
    assertThat(mergeCommit.getParentCount()).isEqualTo(2);
    assertThat(mergeCommit.getParent(0).name()).isEqualTo(base1);
    assertThat(mergeCommit.getParent(1).name()).isEqualTo(head);
    assertThat(mergeCommit.getShortMessage())
        .isEqualTo("Merge pull request 'Feature work' (#" + pr.number() + ") from feature into main");
    assertThat(tip(repo, "main")).isEqualTo(merged.mergeSha());
  }

  @Test
  void conflictIsReportedAndChangesNothing() throws Exception {
    Repository repo = repos.create(alice, "alice", "conflict", "", false, true, "main");
    String base0 = tip(repo, "main");
    commit(repo, "feature", base0, "README.md", "feature side\n", "Feature edits README");
    String base1 = commit(repo, "main", base0, "README.md", "main side\n", "Main edits README");
    PullRequest pr = pulls.create(alice, repo, "feature", "main", "Clash", "", List.of(), List.of());
    assertThatThrownBy(() -> pulls.merge(alice, repo, pr.number(), MergeStyle.MERGE, null, null, null, false))
        .isInstanceOf(MergeConflictException.class)
        .satisfies(e -> {
          assertThat(((MergeConflictException) e).status()).isEqualTo(409);
          assertThat(((MergeConflictException) e).paths()).contains("README.md");
        });
    assertThat(tip(repo, "main")).isEqualTo(base1);
    PullRequest after = pulls.get(repo, pr.number());
    assertThat(after.merged()).isFalse();
    assertThat(after.issue().state()).isEqualTo("open");
  }

  @Test
  void creationRules() throws Exception {
    Repository repo = repos.create(alice, "alice", "rules", "", false, true, "main");
    commit(repo, "topic", "main", "t.txt", "t\n", "Topic");
    assertThatThrownBy(() -> pulls.create(alice, repo, "main", "main", "Same", "", List.of(), List.of()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pulls.create(alice, repo, "nope", "main", "Missing", "", List.of(), List.of()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> pulls.create(alice, repo, "topic", "main", "", "", List.of(), List.of()))
        .isInstanceOf(ValidationException.class).hasMessage("[Title]: Required");
    PullRequest pr = pulls.create(alice, repo, "alice:topic", "main", "Topic", "", List.of(), List.of());
    assertThatThrownBy(() -> pulls.create(alice, repo, "topic", "main", "Again", "", List.of(), List.of()))
        .isInstanceOf(ConflictException.class);
    // Issues and pull requests share numbers.
    var issue = host.injector().getInstance(IssueService.class).create(alice, repo, "An issue", "", List.of());
    assertThat(issue.number()).isEqualTo(pr.number() + 1);
    assertThat(pulls.find(repo, issue.number())).isEmpty();
  }
}
