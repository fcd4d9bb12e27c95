package dev.samplehost.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samplehost.server.PullMergeTestSupport;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.service.PullMerger.MergeOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge style decision and the ref moves of {@link PullMerger}, on a bare repository without a host. */
class PullMergerTest {
  static final User ALICE = new User(1, "alice", "Alice", "alice@example.com", false, Instant.EPOCH);
  static final Repository REPO =
      new Repository(1, 1, "alice", false, "r", "", false, "main", Instant.EPOCH, Instant.EPOCH);

  @TempDir
  Path tmp;
  GitStore store;
  PullMerger merger;
  String base0;

  @BeforeEach
  void repository() {
    store = new GitStore(tmp);
    store.create("alice", "r", "main");
    base0 = store.initialCommit("alice", "r", "main", "# r\n", new PersonIdent("Test", "test@example.com"));
    merger = new PullMerger(store);
  }

  @Test
  void mergeFastForwardsWhenTheBaseHasNotMoved() throws Exception {
    String head = commit("feature", base0, "a.txt", "Add a");
    MergeOutcome out = merge(MergeStyle.MERGE, null, false);
    assertThat(out.baseMoved()).isTrue();
    assertThat(out.oldBase().name()).isEqualTo(base0);
    assertThat(out.newBase().name()).isEqualTo(head);
    assertThat(out.head().name()).isEqualTo(head);
    assertThat(tip("main")).isEqualTo(head);
  }

  @Test
  void mergeMakesATwoParentCommitWhenBothSidesMoved() throws Exception {
    String head = commit("feature", base0, "a.txt", "Add a");
    String base1 = commit("main", base0, "b.txt", "Add b");
    MergeOutcome out = merge(MergeStyle.MERGE, null, false);
    RevCommit made = parse(out.newBase());
    assertThat(made.getParents()).extracting(RevCommit::name).containsExactly(base1, head);
    assertThat(made.getFullMessage()).isEqualTo("Merge pull request 'Feature' (#7) from feature into main\n");
    assertThat(made.getAuthorIdent().getName()).isEqualTo("Alice");
    assertThat(tip("main")).isEqualTo(out.newBase().name());
  }

  @Test
  void squashMakesOneCommitEvenWhenAFastForwardIsPossible() throws Exception {
    commit("feature", base0, "a.txt", "Add a");
    MergeOutcome out = merge(MergeStyle.SQUASH, null, false);
    RevCommit made = parse(out.newBase());
    assertThat(made.getParents()).extracting(RevCommit::name).containsExactly(base0);
    assertThat(made.getFullMessage()).isEqualTo("Feature (#7)\n");
  }

  @Test
  void fastForwardOnlyRefusesADivergedBase() throws Exception {
    commit("feature", base0, "a.txt", "Add a");
    String base1 = commit("main", base0, "b.txt", "Add b");
    assertThatThrownBy(() -> merge(MergeStyle.FAST_FORWARD_ONLY, null, false))
        .isInstanceOf(ConflictException.class).hasMessageContaining("has diverged");
    assertThat(tip("main")).isEqualTo(base1);
  }

  @Test
  void aHeadAlreadyInTheBaseLeavesTheBaseWhereItIs() throws Exception {
    commit("feature", base0, "a.txt", "Add a");
    String base1 = commit("main", tip("feature"), "b.txt", "Add b");
    MergeOutcome out = merge(MergeStyle.MERGE, null, false);
    assertThat(out.baseMoved()).isFalse();
    assertThat(tip("main")).isEqualTo(base1);
  }

  @Test
  void aMovedHeadOrAnUnsupportedStyleIsRefusedBeforeAnyRefMoves() throws Exception {
    commit("feature", base0, "a.txt", "Add a");
    assertThatThrownBy(() -> merge(MergeStyle.MERGE, base0, false))
        .isInstanceOf(ConflictException.class).hasMessage("head out of date");
    assertThatThrownBy(() -> merge(MergeStyle.REBASE, null, false))
        .isInstanceOf(NotAllowedException.class).hasMessage("merge style rebase is not allowed");
    assertThat(tip("main")).isEqualTo(base0);
  }

  @Test
  void deletesTheHeadBranchWhenAsked() throws Exception {
    commit("feature", base0, "a.txt", "Add a");
    MergeOutcome out = merge(MergeStyle.MERGE, null, true);
    assertThat(out.headDeleted()).isTrue();
    assertThat(ref("feature")).isNull();
  }

  @Test
  void aTitleAndMessageReplaceTheDefaultHeadline() {
    PullRequest pr = pull();
    assertThat(PullMerger.commitMessage(pr, MergeStyle.MERGE, " Ship it ", " Details ")).isEqualTo("Ship it\n\nDetails\n");
    assertThat(PullMerger.commitMessage(pr, MergeStyle.SQUASH, null, "")).isEqualTo("Feature (#7)\n");
  }

  private MergeOutcome merge(MergeStyle style, String expectedHead, boolean deleteHead) {
    return merger.merge(REPO, pull(), style, null, null, ALICE, expectedHead, deleteHead);
  }

  private static PullRequest pull() {
    Issue issue = new Issue(10, 1, 7, true, "Feature", "", "open", ALICE, List.of(), 0, Instant.EPOCH,
        Instant.EPOCH, null);
    return new PullRequest(issue, "feature", "main", "", false, null, null, null, List.of());
  }

  private String commit(String branch, String from, String path, String message) throws Exception {
    return PullMergeTestSupport.commit(store, REPO, branch, from, path, path + "\n", message);
  }

  private Ref ref(String branch) throws Exception {
    try (var r = store.open("alice", "r")) {
      return r.exactRef(Constants.R_HEADS + branch);
    }
  }

  private String tip(String branch) throws Exception {
    return ref(branch).getObjectId().name();
  }

  private RevCommit parse(ObjectId id) throws Exception {
    try (var r = store.open("alice", "r"); RevWalk walk = new RevWalk(r)) {
      RevCommit c = walk.parseCommit(id);
      walk.parseBody(c);
      return c;
    }
  }
}
