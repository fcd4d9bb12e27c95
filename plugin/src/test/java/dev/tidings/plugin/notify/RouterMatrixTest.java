package dev.tidings.plugin.notify;

import static dev.tidings.plugin.notify.NotifyFixture.issue;
import static dev.tidings.plugin.notify.NotifyFixture.pull;
import static dev.tidings.plugin.notify.NotifyFixture.push;
import static dev.tidings.plugin.notify.NotifyFixture.pushData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import dev.tidings.hooks.Audience;
import dev.tidings.plugin.notify.prefs.EventKind;
import dev.tidings.plugin.notify.prefs.Preferences;
import dev.tidings.plugin.notify.prefs.PreferencesCodec;
import dev.tidings.plugin.notify.prefs.ThreadSubscription;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import dev.tidings.plugin.notify.store.NotificationThread;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who gets a thread, and why, for each kind of event across watch levels and preferences. */
class RouterMatrixTest {

  @TempDir Path dir;
  NotifyFixture f;
  UserRef alice;
  UserRef bob;
  UserRef carol;
  UserRef dave;
  UserRef eve;
  RepoRef demo;
  RepoRef secret;

  /** Where the notification tables live; the PostgreSQL subclass overrides it. */
  NotifyBackend backend() {
    return NotifyBackend.SQLITE;
  }

  @BeforeEach
  void setUp() throws Exception {
    f = new NotifyFixture(dir, backend());
    alice = f.host.user("alice", true);
    bob = f.host.user("bob", false);
    carol = f.host.user("carol", false);
    dave = f.host.user("dave", false);
    eve = f.host.user("eve", false);
    demo = f.host.repo("alice", "demo", false);
    secret = f.host.repo("acme", "secret", true, "alice", "carol");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private void watch(UserRef u, RepoRef r, WatchLevel level, EventKind... kinds) throws Exception {
    f.prefs.setWatch(u.id(), u.login(), r.id(), r.owner(), r.name(), level,
        kinds.length == 0 ? Set.of() : EnumSet.of(kinds[0], kinds)).get(10, TimeUnit.SECONDS);
  }

  private void prefs(UserRef u, String json) throws Exception {
    Preferences p = PreferencesCodec.merge(Preferences.defaults(), f.mapper.readTree(json));
    f.prefs.save(u.id(), u.login(), p).get(10, TimeUnit.SECONDS);
  }

  /** login -> reason of the threads written. */
  private static Map<String, String> reasons(List<NotificationThread> threads) {
    Map<String, String> out = new TreeMap<>();
    threads.forEach(t -> out.put(t.userLogin(), t.reason().wire()));
    return out;
  }

  @Test
  void pushReachesWatchersAndPushKindsOnlyAsSubscribed() throws Exception {
    watch(bob, demo, WatchLevel.WATCHING);
    watch(dave, demo, WatchLevel.CUSTOM, EventKind.PUSHES);
    watch(eve, demo, WatchLevel.CUSTOM, EventKind.PRS);
    watch(alice, demo, WatchLevel.WATCHING);
    prefs(carol, "{\"default_level\":\"watching\"}");
    List<NotificationThread> written = f.router.route(
        f.event("push", demo, alice, push(demo, "main"), null, pushData("abc123", "tweak")));
    // alice is the actor, eve's custom level does not include pushes.
    assertThat(reasons(written)).containsExactly(
        Map.entry("bob", "subscribed"), Map.entry("carol", "subscribed"), Map.entry("dave", "subscribed"));
    NotificationThread t = written.get(0);
    assertThat(t.subjectType()).isEqualTo("Repository");
    assertThat(t.title()).isEqualTo("Pushes to main");
  }

  @Test
  void ownActionsNotifyOnlyWhenTurnedOn() throws Exception {
    watch(alice, demo, WatchLevel.WATCHING);
    assertThat(f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("a1", "x")))).isEmpty();
    prefs(alice, "{\"own_actions\":true}");
    assertThat(reasons(f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("a2", "y")))))
        .containsExactly(Map.entry("alice", "subscribed"));
  }

  @Test
  void pullRequestOpenedReachesWatchersAndMentionsByLevel() throws Exception {
    f.host.participants(demo, 1, "alice", List.of(), List.of(), List.of(), true);
    watch(bob, demo, WatchLevel.WATCHING);
    watch(dave, demo, WatchLevel.MENTIONS);
    watch(eve, demo, WatchLevel.IGNORE);
    // carol: default participating
    List<NotificationThread> written = f.router.route(f.event("pr.opened", demo, alice,
        pull(demo, 1, "Add feature", "open"), Set.of("carol", "dave", "eve"), null));
    assertThat(reasons(written)).containsExactly(
        Map.entry("bob", "subscribed"), Map.entry("carol", "mention"), Map.entry("dave", "mention"));
    assertThat(written.get(0).subjectType()).isEqualTo("Pull");
    assertThat(written.get(0).url()).isEqualTo(NotifyFixture.BASE + "api/v1/repos/alice/demo/issues/1");
  }

  @Test
  void anIssueEditNotifiesOnlyTheUsersItNewlyMentions() throws Exception {
    f.host.participants(demo, 7, "alice", List.of(), List.of(), List.of(), false);
    watch(dave, demo, WatchLevel.WATCHING);
    assertThat(reasons(f.router.route(f.event("issue.opened", demo, alice, issue(demo, 7, "Flaky", "open"),
        Set.of("bob"), null)))).containsExactly(Map.entry("bob", "mention"), Map.entry("dave", "subscribed"));
    // The edit keeps @bob and adds @carol and @dave: bob was told already; dave, a watcher, now
    // has a mention too; watchers are not told about the edit itself.
    assertThat(reasons(f.router.route(f.event("issue.edited", demo, alice, issue(demo, 7, "Flaky", "open"),
        Set.of("bob", "carol", "dave"), null)))).containsExactly(Map.entry("carol", "mention"), Map.entry("dave", "mention"));
    // Editing again without new names tells nobody.
    assertThat(f.router.route(f.event("issue.edited", demo, alice, issue(demo, 7, "Flaky", "open"),
        Set.of("bob", "carol", "dave"), null))).isEmpty();
    assertThat(f.router.route(f.event("issue.edited", demo, alice, issue(demo, 7, "Flaky", "open"),
        Set.of(), null))).isEmpty();
    // The same for a pull request's description.
    f.host.participants(demo, 8, "alice", List.of(), List.of(), List.of(), true);
    assertThat(reasons(f.router.route(f.event("pr.edited", demo, alice, pull(demo, 8, "Speed", "open"),
        Set.of("eve"), null)))).containsExactly(Map.entry("eve", "mention"));
  }

  @Test
  void reviewRequestReachesTheReviewerOnly() throws Exception {
    f.host.participants(demo, 2, "bob", List.of(), List.of("carol"), List.of(), true);
    watch(dave, demo, WatchLevel.WATCHING);
    watch(carol, demo, WatchLevel.MENTIONS);
    List<NotificationThread> written = f.router.route(f.eventNaming("pr.review_requested", demo, bob,
        pull(demo, 2, "Fix", "open"), new Audience(Set.of(), List.of(), List.of("carol"), List.of()),
        Map.of("reviewer", Map.of("login", "carol"))));
    assertThat(reasons(written)).containsExactly(Map.entry("carol", "review_requested"));
  }

  @Test
  void assignmentReachesTheAssigneeOnlyUnlessTheyIgnoreTheRepository() throws Exception {
    f.host.participants(demo, 3, "bob", List.of("carol", "eve"), List.of(), List.of(), false);
    watch(dave, demo, WatchLevel.WATCHING);
    watch(eve, demo, WatchLevel.IGNORE);
    List<NotificationThread> written = f.router.route(f.eventNaming("issue.assigned", demo, bob,
        issue(demo, 3, "Bug", "open"), new Audience(Set.of(), List.of("carol", "eve"), List.of(), List.of()),
        Map.of("assigned", List.of("carol", "eve"), "assignees", List.of("carol", "eve"))));
    assertThat(reasons(written)).containsExactly(Map.entry("carol", "assign"));
  }

  @Test
  void pullRequestAssignmentReachesTheAssigneeOnlyAsForIssues() throws Exception {
    f.host.participants(demo, 6, "bob", List.of("carol"), List.of(), List.of(), true);
    watch(dave, demo, WatchLevel.WATCHING);
    List<NotificationThread> written = f.router.route(f.eventNaming("pr.assigned", demo, bob,
        pull(demo, 6, "Fix", "open"), new Audience(Set.of(), List.of("carol"), List.of(), List.of()),
        Map.of("assigned", List.of("carol"), "assignees", List.of("carol"))));
    assertThat(reasons(written)).containsExactly(Map.entry("carol", "assign"));
  }

  @Test
  void commentReachesParticipantsAndWatchersButNotTheCommenter() throws Exception {
    f.host.participants(demo, 4, "bob", List.of(), List.of(), List.of("carol", "eve"), false);
    watch(dave, demo, WatchLevel.WATCHING);
    watch(eve, demo, WatchLevel.MENTIONS);
    List<NotificationThread> written = f.router.route(f.event("issue.comment", demo, carol,
        issue(demo, 4, "Bug", "open"), null, null));
    assertThat(reasons(written)).containsExactly(Map.entry("bob", "author"), Map.entry("dave", "subscribed"));
  }

  @Test
  void commentWithAMentionMakesTheReasonMentionForAParticipant() throws Exception {
    f.host.participants(demo, 5, "bob", List.of(), List.of(), List.of(), false);
    List<NotificationThread> written = f.router.route(f.event("issue.comment", demo, carol,
        issue(demo, 5, "Bug", "open"), Set.of("bob"), null));
    assertThat(reasons(written)).containsExactly(Map.entry("bob", "mention"));
  }

  @Test
  void mergeGivesParticipantsTheirRoleAndWatchersStateChange() throws Exception {
    f.host.participants(demo, 6, "bob", List.of(), List.of(), List.of(), true);
    watch(dave, demo, WatchLevel.WATCHING);
    watch(carol, demo, WatchLevel.CUSTOM, EventKind.COMMENTS);
    List<NotificationThread> written = f.router.route(f.event("pr.merged", demo, alice,
        pull(demo, 6, "Feature", "merged"), null, null));
    assertThat(reasons(written)).containsExactly(Map.entry("bob", "author"), Map.entry("dave", "state_change"));
    assertThat(written).allSatisfy(t -> assertThat(t.state()).isEqualTo("merged"));
  }

  @Test
  void mentionedUserWithoutReadAccessGetsNothingAndHearsNothing() throws Exception {
    f.host.participants(secret, 1, "alice", List.of(), List.of(), List.of(), false);
    List<NotificationThread> written = f.router.route(f.event("issue.opened", secret, alice,
        issue(secret, 1, "Secret plan", "open"), Set.of("bob", "carol"), null));
    assertThat(reasons(written)).containsExactly(Map.entry("carol", "mention"));
    assertThat(f.userEvents("carol", "notification", 1)).hasSize(1);
    assertThat(f.published).noneMatch(e -> e.channel().equals("user:bob"));
    assertThat(f.threads.unreadCount(bob.id())).isZero();
  }

  @Test
  void watcherWhoLostReadAccessGetsNothing() throws Exception {
    watch(bob, secret, WatchLevel.WATCHING); // a stale watch from when bob could read it
    watch(carol, secret, WatchLevel.WATCHING);
    List<NotificationThread> written = f.router.route(
        f.event("push", secret, alice, push(secret, "main"), null, pushData("s1", "x")));
    assertThat(reasons(written)).containsExactly(Map.entry("carol", "subscribed"));
  }

  @Test
  void commitMessageMentionGivesACommitThread() throws Exception {
    List<NotificationThread> written = f.router.route(f.eventNaming("push", demo, alice, push(demo, "main"),
        new Audience(Set.of("carol"), List.of(), List.of(), List.of(new Audience.CommitMention("deadbeef",
            "Fix the parser, thanks @carol", List.of("carol")))),
        pushData("deadbeef", "Fix the parser, thanks @carol")));
    assertThat(reasons(written)).containsExactly(Map.entry("carol", "mention"));
    NotificationThread t = written.get(0);
    assertThat(t.subjectType()).isEqualTo("Commit");
    assertThat(t.title()).isEqualTo("Fix the parser, thanks @carol");
    assertThat(t.htmlUrl()).isEqualTo(NotifyFixture.BASE + "alice/demo/commit/deadbeef");
    // Mentions may show a desktop notification by default.
    assertThat(f.userEvents("carol", "notification", 1).get(0).get("desktop").asBoolean()).isTrue();
  }

  @Test
  void inAppToggleOffKeepsTheKindOutOfTheInbox() throws Exception {
    watch(bob, demo, WatchLevel.WATCHING);
    prefs(bob, "{\"kinds\":{\"pushes\":{\"in_app\":false}}}");
    assertThat(f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("b1", "x")))).isEmpty();
    f.host.participants(demo, 7, "alice", List.of(), List.of(), List.of(), false);
    assertThat(reasons(f.router.route(f.event("issue.opened", demo, alice, issue(demo, 7, "t", "open"), null, null))))
        .containsExactly(Map.entry("bob", "subscribed"));
  }

  @Test
  void repositoryCreatorWatchesTheNewRepository() throws Exception {
    RepoRef fresh = f.host.repo("bob", "fresh", false);
    f.router.route(f.event("repo.created", fresh, bob, null, null, null));
    assertThat(f.prefs.watch(bob.id(), fresh.id())).get().extracting(w -> w.level()).isEqualTo(WatchLevel.WATCHING);
    List<NotificationThread> written = f.router.route(
        f.event("push", fresh, carol, push(fresh, "main"), null, pushData("c1", "x")));
    assertThat(reasons(written)).containsExactly(Map.entry("bob", "subscribed"));
  }

  @Test
  void aRepositoryCreationProcessedAgainLeavesTheCreatorsLaterChoice() throws Exception {
    RepoRef fresh = f.host.repo("bob", "again", false);
    var created = f.event("repo.created", fresh, bob, null, null, null);
    f.router.route(created);
    watch(bob, fresh, WatchLevel.IGNORE);
    // As when another node takes the event over: the auto-watch must not come back.
    f.router.route(created);
    assertThat(f.prefs.watch(bob.id(), fresh.id())).get().extracting(w -> w.level()).isEqualTo(WatchLevel.IGNORE);
  }

  @Test
  void eachThreadIsPublishedWithTheUnreadCount() throws Exception {
    watch(bob, demo, WatchLevel.WATCHING);
    f.router.route(f.event("push", demo, alice, push(demo, "main"), null, pushData("p1", "x")));
    f.host.participants(demo, 8, "alice", List.of(), List.of(), List.of(), false);
    f.router.route(f.event("issue.opened", demo, alice, issue(demo, 8, "t", "open"), null, null));
    List<JsonNode> events = f.userEvents("bob", "notification", 2);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("unread_count").asLong()).isEqualTo(1);
    assertThat(events.get(0).get("desktop").asBoolean()).isFalse(); // pushes: in-app only by default
    assertThat(events.get(1).get("unread_count").asLong()).isEqualTo(2);
    JsonNode thread = events.get(1).get("thread");
    assertThat(thread.get("reason").asText()).isEqualTo("subscribed");
    assertThat(thread.get("subject").get("type").asText()).isEqualTo("Issue");
    assertThat(thread.get("repository").get("full_name").asText()).isEqualTo("alice/demo");
    assertThat(thread.get("unread").asBoolean()).isTrue();
  }

  // --- per-issue subscriptions --------------------------------------------------------------

  private void subscribe(UserRef u, RepoRef r, long number, ThreadSubscription.State state) throws Exception {
    f.subscriptions.set(u.id(), u.login(), r.id(), r.owner(), r.name(), number, state).get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSubscriberWhoNeitherWatchesNorTakesPartGetsTheIssuesActivityAsManual() throws Exception {
    f.host.participants(demo, 20, "alice", List.of(), List.of(), List.of(), false);
    f.host.participants(demo, 21, "alice", List.of(), List.of(), List.of(), true);
    subscribe(bob, demo, 20, ThreadSubscription.State.SUBSCRIBED);
    subscribe(dave, demo, 21, ThreadSubscription.State.SUBSCRIBED);
    watch(dave, demo, WatchLevel.MENTIONS); // an explicit subscription beats a quieter repository level
    assertThat(reasons(f.router.route(f.event("issue.comment", demo, carol, issue(demo, 20, "Bug", "open"), null, null))))
        .containsExactly(Map.entry("alice", "author"), Map.entry("bob", "manual"));
    assertThat(reasons(f.router.route(f.event("pr.review", demo, carol, pull(demo, 21, "PR", "open"), null, null))))
        .containsExactly(Map.entry("alice", "author"), Map.entry("dave", "manual"));
    // Not another issue, and an assignment still goes to the assignee only.
    assertThat(reasons(f.router.route(f.event("issue.comment", demo, carol, issue(demo, 22, "Other", "open"), null, null))))
        .isEmpty();
    assertThat(reasons(f.router.route(f.eventNaming("issue.assigned", demo, alice, issue(demo, 20, "Bug", "open"),
        new Audience(Set.of(), List.of("carol"), List.of(), List.of()), Map.of("assigned", List.of("carol"))))))
        .containsExactly(Map.entry("carol", "assign"));
  }

  @Test
  void aSubscriptionLosesToIgnoreToTheKindToggleAndToLostReadAccess() throws Exception {
    f.host.participants(demo, 23, "alice", List.of(), List.of(), List.of(), false);
    f.host.participants(secret, 2, "alice", List.of(), List.of(), List.of(), false);
    subscribe(bob, demo, 23, ThreadSubscription.State.SUBSCRIBED);
    subscribe(dave, demo, 23, ThreadSubscription.State.SUBSCRIBED);
    subscribe(eve, demo, 23, ThreadSubscription.State.SUBSCRIBED);
    watch(bob, demo, WatchLevel.IGNORE);
    prefs(dave, "{\"kinds\":{\"comments\":{\"in_app\":false}}}");
    assertThat(reasons(f.router.route(f.event("issue.comment", demo, carol, issue(demo, 23, "Bug", "open"), null, null))))
        .containsExactly(Map.entry("alice", "author"), Map.entry("eve", "manual"));
    // bob subscribed to a private issue he cannot read (e.g. removed since): nothing.
    subscribe(bob, secret, 2, ThreadSubscription.State.SUBSCRIBED);
    assertThat(reasons(f.router.route(f.event("issue.comment", secret, carol, issue(secret, 2, "Secret", "open"), null, null))))
        .containsExactly(Map.entry("alice", "author"));
  }

  @Test
  void aMutedIssueTellsAWatcherNothingNotEvenAMentionOrAnAssignmentButOtherIssuesStillDo() throws Exception {
    f.host.participants(demo, 24, "alice", List.of("dave"), List.of(), List.of("dave"), false);
    f.host.participants(demo, 25, "alice", List.of(), List.of(), List.of(), false);
    watch(dave, demo, WatchLevel.WATCHING);
    subscribe(dave, demo, 24, ThreadSubscription.State.MUTED);
    assertThat(reasons(f.router.route(f.event("issue.comment", demo, carol, issue(demo, 24, "Noisy", "open"),
        Set.of("dave"), null)))).containsExactly(Map.entry("alice", "author")).doesNotContainKey("dave");
    assertThat(reasons(f.router.route(f.eventNaming("issue.assigned", demo, alice, issue(demo, 24, "Noisy", "open"),
        new Audience(Set.of(), List.of("dave"), List.of(), List.of()), Map.of("assigned", List.of("dave")))))).isEmpty();
    assertThat(reasons(f.router.route(f.event("issue.comment", demo, carol, issue(demo, 25, "Quiet", "open"), null, null))))
        .containsExactly(Map.entry("alice", "author"), Map.entry("dave", "subscribed"));
    // Back to the repository's rules.
    f.subscriptions.clear(dave.id(), demo.id(), 24).get(10, TimeUnit.SECONDS);
    assertThat(reasons(f.router.route(f.event("issue.comment", demo, carol, issue(demo, 24, "Noisy", "open"), null, null))))
        .containsEntry("dave", "assign");
  }

  @Test
  void subscriptionStateChangesReportWhetherTheyChangedAndRepositoryDeletionRemovesThem() throws Exception {
    RepoRef doomed = f.host.repo("alice", "doomed", false);
    var first = f.subscriptions.set(bob.id(), "bob", doomed.id(), "alice", "doomed", 1, ThreadSubscription.State.SUBSCRIBED)
        .get(10, TimeUnit.SECONDS);
    assertThat(first.changed()).isTrue();
    assertThat(f.subscriptions.set(bob.id(), "bob", doomed.id(), "alice", "doomed", 1, ThreadSubscription.State.SUBSCRIBED)
        .get(10, TimeUnit.SECONDS).changed()).isFalse();
    assertThat(f.subscriptions.set(bob.id(), "bob", doomed.id(), "alice", "doomed", 1, ThreadSubscription.State.MUTED)
        .get(10, TimeUnit.SECONDS).changed()).isTrue();
    subscribe(carol, doomed, 2, ThreadSubscription.State.SUBSCRIBED);
    subscribe(carol, demo, 2, ThreadSubscription.State.SUBSCRIBED);
    assertThat(f.subscriptions.get(bob.id(), doomed.id(), 1)).get()
        .extracting(ThreadSubscription::state).isEqualTo(ThreadSubscription.State.MUTED);
    assertThat(f.subscriptions.of(doomed.id(), 2)).extracting(ThreadSubscription::login).containsExactly("carol");

    f.router.route(f.event("repo.deleted", doomed, alice, null, null, null));
    assertThat(f.subscriptions.get(bob.id(), doomed.id(), 1)).isEmpty();
    assertThat(f.subscriptions.of(doomed.id(), 2)).isEmpty();
    assertThat(f.subscriptions.of(demo.id(), 2)).hasSize(1);
    assertThat(f.subscriptions.clear(carol.id(), demo.id(), 2).get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(f.subscriptions.clear(carol.id(), demo.id(), 2).get(10, TimeUnit.SECONDS)).isFalse();
  }
}
