package dev.tidings.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samplehost.api.PushContext;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push hook on a real bare repository in a temp dir: commits are made with JGit, refs are
 * updated for real, and the hook runs with the ReceivePack's advertised refs and real commands.
 */
class PushEventHookTest {

  static final RepoRef REPO = new RepoRef(1, "alice", "demo", false, false, "main");
  static final UserRef ALICE = TestDirectory.user0("alice");

  @TempDir Path dir;
  Repository repo;
  ObjectId emptyTree;
  final List<TidingsEvent> events = new ArrayList<>();
  int time = 1_700_000_000;

  @BeforeEach
  void setUp() throws IOException {
    repo = new FileRepository(dir.resolve("demo.git").toFile());
    repo.create(true);
    try (ObjectInserter ins = repo.newObjectInserter()) {
      emptyTree = ins.insert(new TreeFormatter());
      ins.flush();
    }
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  @Test
  void updateListsTheNewCommitsNewestFirstWithDetails() throws Exception {
    ObjectId base = chain(null, 2, "base");
    setRef("refs/heads/main", base);
    ObjectId tip = chain(base, 3, "feature work, thanks @bob and mail@carol.org");
    push(cmd(base, tip, "refs/heads/main"));

    assertThat(events).hasSize(1);
    TidingsEvent e = events.get(0);
    assertThat(e.type().wire()).isEqualTo("push");
    assertThat(e.actor()).isEqualTo(ALICE);
    assertThat(e.repository()).isEqualTo(REPO);
    Map<String, Object> d = e.data();
    assertThat(d).containsEntry("ref", "refs/heads/main").containsEntry("branch", "main")
        .containsEntry("before", base.name()).containsEntry("after", tip.name())
        .containsEntry("forced", false).containsEntry("created", false)
        .containsEntry("total_commits", 3L).containsEntry("truncated", false);
    List<Map<String, Object>> commits = commits(e);
    assertThat(commits).hasSize(3);
    assertThat(commits.get(0)).containsEntry("id", tip.name())
        .containsEntry("message", "feature work, thanks @bob and mail@carol.org 3")
        .containsEntry("url", "http://localhost:8080/alice/demo/commit/" + tip.name())
        .containsEntry("author", Map.of("name", "Ann Author", "email", "ann@example.org"))
        .containsEntry("mentions", List.of("bob"));
    assertThat((Long) commits.get(0).get("timestamp")).isGreaterThan((Long) commits.get(1).get("timestamp"));
    assertThat(e.mentions()).containsExactly("bob");
    // Each listed commit that mentions someone is in the audience, newest first, with its subject line.
    assertThat(e.audience().commits()).hasSize(3).first().isEqualTo(new Audience.CommitMention(tip.name(),
        "feature work, thanks @bob and mail@carol.org 3", List.of("bob")));
    assertThat(e.subject().kind()).isEqualTo(TidingsEvent.Subject.Kind.PUSH);
    assertThat(e.subject().key()).isEqualTo("push:refs/heads/main");
    assertThat(e.id()).hasSize(26);
  }

  @Test
  void aHugeCommitSubjectIsCutAndFlaggedButItsMentionsCount() throws Exception {
    ObjectId base = chain(null, 1, "root");
    setRef("refs/heads/main", base);
    ObjectId tip = chain(base, 1, "@bob " + "S".repeat(100_000));
    push(cmd(base, tip, "refs/heads/main"));

    Map<String, Object> c = commits(events.get(0)).get(0);
    String message = (String) c.get("message");
    assertThat(message).hasSize(FieldLimits.MAX_STRING).startsWith("@bob SSS").endsWith("\u2026");
    assertThat(c).containsEntry("message_truncated", true).containsEntry("mentions", List.of("bob"));
    assertThat(events.get(0).data()).doesNotContainKey("title_truncated");
  }

  @Test
  void aPushOf5000CommitsIsCountedListsTwentyAndIsTruncated() throws Exception {
    ObjectId base = chain(null, 1, "root");
    setRef("refs/heads/main", base);
    ObjectId tip = chain(base, 5000, "bulk");
    long start = System.nanoTime();
    push(cmd(base, tip, "refs/heads/main"));
    System.out.printf("hook on a 5000-commit push: %.1f ms%n", (System.nanoTime() - start) / 1e6);

    TidingsEvent e = events.get(0);
    assertThat(e.data()).containsEntry("total_commits", 5000L).containsEntry("truncated", true)
        .containsEntry("total_capped", false);
    assertThat(commits(e)).hasSize(20);
    assertThat(commits(e).get(0)).containsEntry("id", tip.name());
  }

  @Test
  void theWalkStopsAtTheCountCapAndSaysSo() throws Exception {
    ObjectId tip = chain(null, 300, "many");
    setRef("refs/heads/main", tip);
    ObjectId more = chain(tip, 150, "more");
    events.clear();
    PushEventHook hook = new PushEventHook(new PushContext(REPO, ALICE), events::add,
        new MentionExtractor(new TestDirectory()), "http://localhost:8080/", 100);
    ReceiveCommand c = cmd(tip, more, "refs/heads/main");
    runHook(hook, c);
    assertThat(events.get(0).data()).containsEntry("total_commits", 100L)
        .containsEntry("total_capped", true).containsEntry("truncated", true);
  }

  @Test
  void aNewBranchListsOnlyItsOwnCommitsNotTheWholeHistory() throws Exception {
    ObjectId main = chain(null, 500, "history");
    setRef("refs/heads/main", main);
    ObjectId feature = chain(main, 2, "feature");
    // A count cap far below the history: the walk must stop at the refs that existed before.
    PushEventHook hook = new PushEventHook(new PushContext(REPO, ALICE), events::add,
        new MentionExtractor(new TestDirectory()), "http://localhost:8080/", 50);
    runHook(hook, cmd(ObjectId.zeroId(), feature, "refs/heads/feature"));

    assertThat(events).extracting(e -> e.type().wire()).containsExactly("branch.created", "push");
    assertThat(events.get(0).data()).containsEntry("branch", "feature").containsEntry("sha", feature.name());
    assertThat(events.get(1).data()).containsEntry("total_commits", 2L).containsEntry("created", true)
        .containsEntry("total_capped", false).containsEntry("before", ObjectId.zeroId().name());
  }

  @Test
  void aNewBranchAtAnExistingCommitIsOnlyBranchCreated() throws Exception {
    ObjectId main = chain(null, 5, "history");
    setRef("refs/heads/main", main);
    push(cmd(ObjectId.zeroId(), main, "refs/heads/copy"));
    assertThat(events).extracting(e -> e.type().wire()).containsExactly("branch.created");
  }

  @Test
  void aForcePushIsFlagged() throws Exception {
    ObjectId base = chain(null, 3, "base");
    ObjectId old = chain(base, 2, "old");
    setRef("refs/heads/main", old);
    ObjectId rewritten = chain(base, 1, "rewritten");
    push(new ReceiveCommand(old, rewritten, "refs/heads/main", ReceiveCommand.Type.UPDATE_NONFASTFORWARD));
    TidingsEvent e = events.get(0);
    assertThat(e.data()).containsEntry("forced", true).containsEntry("total_commits", 1L);
    assertThat(commits(e).get(0)).containsEntry("id", rewritten.name());
  }

  @Test
  void deletionsAndTagsProduceTheirEvents() throws Exception {
    ObjectId main = chain(null, 2, "x");
    setRef("refs/heads/main", main);
    setRef("refs/heads/old", main);
    ObjectId tag;
    try (ObjectInserter ins = repo.newObjectInserter()) {
      TagBuilder t = new TagBuilder();
      t.setObjectId(main, Constants.OBJ_COMMIT);
      t.setTag("v1.0");
      t.setTagger(new PersonIdent("Ann Author", "ann@example.org"));
      t.setMessage("release\n");
      tag = ins.insert(t);
      ins.flush();
    }
    setRef("refs/tags/v0.9", main);
    push(cmd(main, ObjectId.zeroId(), "refs/heads/old"),
        cmd(ObjectId.zeroId(), tag, "refs/tags/v1.0"),
        cmd(main, ObjectId.zeroId(), "refs/tags/v0.9"));
    assertThat(events).extracting(e -> e.type().wire())
        .containsExactly("branch.deleted", "tag.created", "tag.deleted");
    assertThat(events.get(1).data()).containsEntry("tag", "v1.0").containsEntry("ref", "refs/tags/v1.0");
  }

  @Test
  void rejectedCommandsProduceNothing() throws Exception {
    ObjectId base = chain(null, 1, "base");
    setRef("refs/heads/main", base);
    ObjectId tip = chain(base, 1, "tip");
    ReceiveCommand c = new ReceiveCommand(base, tip, "refs/heads/main");
    c.setResult(ReceiveCommand.Result.REJECTED_NONFASTFORWARD);
    PushEventHook hook = hook();
    ReceivePack rp = new ReceivePack(repo);
    rp.setAdvertisedRefs(refs(), Set.of());
    hook.onPostReceive(rp, List.of(c));
    assertThat(events).isEmpty();
  }

  // --- helpers ---

  private PushEventHook hook() {
    return new PushEventHook(new PushContext(REPO, ALICE), events::add,
        new MentionExtractor(new TestDirectory()), "http://localhost:8080/", PushEventHook.DEFAULT_COUNT_CAP);
  }

  /** Advertises the refs, applies the commands to the repository, then runs the hook like ReceivePack does. */
  private void push(ReceiveCommand... cmds) throws IOException {
    runHook(hook(), cmds);
  }

  private void runHook(PushEventHook hook, ReceiveCommand... cmds) throws IOException {
    ReceivePack rp = new ReceivePack(repo);
    rp.setAdvertisedRefs(refs(), Set.of());
    for (ReceiveCommand c : cmds) {
      RefUpdate u = repo.updateRef(c.getRefName());
      u.setForceUpdate(true);
      if (c.getType() == ReceiveCommand.Type.DELETE) {
        u.delete();
      } else {
        u.setNewObjectId(c.getNewId());
        u.update();
      }
      c.setResult(ReceiveCommand.Result.OK);
    }
    hook.onPostReceive(rp, List.of(cmds));
  }

  private Map<String, Ref> refs() throws IOException {
    Map<String, Ref> m = new HashMap<>();
    for (Ref r : repo.getRefDatabase().getRefs()) {
      m.put(r.getName(), r);
    }
    return m;
  }

  private static ReceiveCommand cmd(ObjectId oldId, ObjectId newId, String name) {
    return new ReceiveCommand(oldId, newId, name);
  }

  private void setRef(String name, ObjectId id) throws IOException {
    RefUpdate u = repo.updateRef(name);
    u.setNewObjectId(id);
    u.setForceUpdate(true);
    u.update();
  }

  /** Makes {@code n} commits on top of {@code parent}, each one second later than the last. */
  private ObjectId chain(ObjectId parent, int n, String message) throws IOException {
    ObjectId tip = parent;
    // A pack inserter writes one pack file instead of thousands of loose objects.
    try (ObjectInserter ins = ((org.eclipse.jgit.internal.storage.file.ObjectDirectory) repo.getObjectDatabase())
        .newPackInserter()) {
      for (int i = 1; i <= n; i++) {
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(emptyTree);
        if (tip != null) {
          cb.setParentId(tip);
        }
        PersonIdent who = new PersonIdent("Ann Author", "ann@example.org",
            java.time.Instant.ofEpochSecond(time++), java.time.ZoneOffset.UTC);
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage(message + " " + i + "\n\nbody of commit " + i + "\n");
        tip = ins.insert(cb);
      }
      ins.flush();
    }
    return tip;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> commits(TidingsEvent e) {
    return (List<Map<String, Object>>) e.data().get("commits");
  }
}
