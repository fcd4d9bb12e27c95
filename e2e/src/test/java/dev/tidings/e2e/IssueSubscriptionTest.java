package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Await;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-issue subscriptions through the real drop-in jar in the real host: Gitea's
 * {@code /repos/{o}/{r}/issues/{index}/subscriptions} calls (status codes, who may change whose),
 * the plugin's own state route, and the router honouring them: a subscriber who does not watch the
 * repository gets the issue's comments, a watcher who muted an issue gets nothing from it (not even
 * a mention) but still hears about the others, and a removed collaborator gets nothing.
 */
class IssueSubscriptionTest {

  @Test
  void subscribeMuteAndTheirRules(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      Rest bob = Rest.bob(host);

      // 1. bob neither watches alice/demo nor takes part in the issue: subscribing brings its comments.
      long followed = issue(alice, "alice/demo", "Followed issue");
      String subs = "api/v1/repos/alice/demo/issues/" + followed + "/subscriptions";
      assertThat(bob.get(subs + "/check").json().path("subscribed").asBoolean()).isFalse();
      assertThat(bob.put(subs + "/bob", null).status()).as("first subscribe").isEqualTo(201);
      assertThat(bob.put(subs + "/bob", null).status()).as("already subscribed").isEqualTo(200);
      JsonNode check = bob.get(subs + "/check").json();
      assertThat(check.path("subscribed").asBoolean()).isTrue();
      assertThat(check.path("ignored").asBoolean()).isFalse();
      assertThat(check.path("reason").asText()).isEqualTo("manual");
      assertThat(check.path("url").asText()).endsWith(subs);
      Rest.Answer list = alice.get(subs);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().findValuesAsText("login")).containsExactly("bob");
      assertThat(list.headers().firstValue("X-Total-Count")).contains("1");

      comment(alice, "alice/demo", followed, "A comment for the subscribers");
      JsonNode thread = Await.until("bob gets a thread for the followed issue", () -> thread(bob, "Followed issue"));
      assertThat(thread.path("reason").asText()).isEqualTo("manual");

      // 2. bob watches the repository and mutes one issue: nothing from it, not even a mention.
      assertThat(bob.put("api/v1/repos/alice/demo/subscription", null).status()).isEqualTo(200);
      long muted = issue(alice, "alice/demo", "Muted issue");
      long other = issue(alice, "alice/demo", "Other issue");
      String mutedSubs = "api/v1/repos/alice/demo/issues/" + muted + "/subscriptions";
      // The issue.opened threads of a watcher arrive first; the mute stops what follows.
      Await.until("bob, watching, hears of the new issues", () -> thread(bob, "Other issue"));
      assertThat(bob.send("DELETE", mutedSubs + "/bob", null).status()).as("mute").isEqualTo(201);
      assertThat(bob.send("DELETE", mutedSubs + "/bob", null).status()).as("already muted").isEqualTo(200);
      JsonNode mutedCheck = bob.get(mutedSubs + "/check").json();
      assertThat(mutedCheck.path("subscribed").asBoolean()).isFalse();
      assertThat(mutedCheck.path("ignored").asBoolean()).isTrue();
      bob.put("api/v1/notifications?all=true&to-status=read", null);
      comment(alice, "alice/demo", muted, "@bob have a look at this");
      comment(alice, "alice/demo", other, "Something on the other issue");
      // The router works in commit order: once the later comment reached bob, the earlier one was routed.
      Await.until("bob's thread for the other issue is unread again",
          () -> thread(bob, "Other issue").filter(t -> t.path("unread").asBoolean()));
      assertThat(thread(bob, "Muted issue")).as("the muted issue's thread stays read").get()
          .satisfies(t -> assertThat(t.path("unread").asBoolean()).isFalse());

      // The plugin's route shows and undoes the mute without subscribing.
      String route = "plugins/tidings/api/preferences/repos/alice/demo/issues/" + muted;
      JsonNode state = bob.get(route).json();
      assertThat(state.path("state").asText()).isEqualTo("muted");
      assertThat(state.path("receiving").asBoolean()).isFalse();
      Rest.Answer cleared = bob.send("DELETE", route, null);
      assertThat(cleared.status()).isEqualTo(200);
      assertThat(cleared.json().path("state").isNull()).isTrue();
      assertThat(cleared.json().path("reason").asText()).isEqualTo("watching");
      Rest.Answer bad = bob.put(route, "{\"state\":\"loud\"}");
      assertThat(bad.status()).as("%s", bad).isEqualTo(422);
      assertThat(bad.json().path("field").asText()).isEqualTo("state");
      assertThat(bob.put(route, "{\"state\":\"subscribed\"}").json().path("reason").asText()).isEqualTo("manual");
    }
  }

  @Test
  void statusCodesAndPermissions(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      Rest bob = Rest.bob(host);
      long n = issue(alice, "alice/demo", "Permissions issue");
      String subs = "api/v1/repos/alice/demo/issues/" + n + "/subscriptions";

      Rest.Answer other = bob.put(subs + "/alice", null);
      assertThat(other.status()).as("bob may not subscribe alice: %s", other).isEqualTo(403);
      assertThat(other.json().path("message").asText()).contains("not permitted");
      assertThat(alice.put(subs + "/bob", null).status()).as("the repository's admin may").isEqualTo(201);
      assertThat(Rest.anonymous(host).put(subs + "/bob", null).status()).isEqualTo(401);
      assertThat(Rest.anonymous(host).get(subs + "/check").status()).isEqualTo(401);
      assertThat(bob.put("api/v1/repos/alice/demo/issues/9999/subscriptions/bob", null).status()).isEqualTo(404);
      assertThat(bob.put("api/v1/repos/alice/demo/issues/abc/subscriptions/bob", null).status()).isEqualTo(404);
      assertThat(alice.put(subs + "/nobody-here", null).status()).isEqualTo(404);
      Rest.Answer wrong = bob.post(subs + "/bob", null);
      assertThat(wrong.status()).isEqualTo(405);
      assertThat(wrong.headers().firstValue("Allow")).contains("PUT, DELETE");
      assertThat(bob.send("DELETE", subs, null).status()).isEqualTo(405);

      // A private repository bob cannot read is not there for him, whatever he asks.
      long secret = issue(alice, "acme/secret", "Secret issue");
      String secretSubs = "api/v1/repos/acme/secret/issues/" + secret + "/subscriptions";
      assertThat(bob.put(secretSubs + "/bob", null).status()).isEqualTo(404);
      assertThat(bob.get(secretSubs + "/check").status()).isEqualTo(404);
      assertThat(bob.get(secretSubs).status()).isEqualTo(404);
      Rest.Answer notReader = alice.put(secretSubs + "/bob", null);
      assertThat(notReader.status()).as("%s", notReader).isEqualTo(422);

      // Gitea's token scopes: the issue category, as for the other issue calls.
      Rest.Answer token = alice.post("api/v1/users/alice/tokens",
          "{\"name\":\"notif-only\",\"scopes\":[\"read:notification\",\"write:notification\"]}");
      assertThat(token.status()).as("%s", token).isEqualTo(201);
      Rest narrow = new Rest(host, "alice", token.json().path("sha1").asText());
      Rest.Answer refused = narrow.put(subs + "/alice", null);
      assertThat(refused.status()).as("%s", refused).isEqualTo(403);
      assertThat(refused.json().path("message").asText()).contains("write:issue");
      // A public-only token: private repositories are not there, public ones work.
      Rest.Answer pub = alice.post("api/v1/users/alice/tokens",
          "{\"name\":\"pub-issues\",\"scopes\":[\"public-only\",\"write:issue\"]}");
      assertThat(pub.status()).as("%s", pub).isEqualTo(201);
      Rest publicOnly = new Rest(host, "alice", pub.json().path("sha1").asText());
      assertThat(publicOnly.put(secretSubs + "/alice", null).status()).isEqualTo(404);
      assertThat(publicOnly.get(secretSubs + "/check").status()).isEqualTo(404);
      assertThat(publicOnly.put(subs + "/alice", null).status()).isEqualTo(201);
    }
  }

  @Test
  void aRemovedCollaboratorWithASubscriptionGetsNothing(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      Rest bob = Rest.bob(host);
      assertThat(alice.put("api/v1/repos/acme/secret/collaborators/bob", "{\"permission\":\"read\"}").status())
          .isEqualTo(204);
      long secret = issue(alice, "acme/secret", "Private roadmap");
      String subs = "api/v1/repos/acme/secret/issues/" + secret + "/subscriptions";
      assertThat(bob.put(subs + "/bob", null).status()).isEqualTo(201);
      comment(alice, "acme/secret", secret, "First private comment");
      Await.until("bob, subscribed, gets the private thread", () -> thread(bob, "Private roadmap"));

      assertThat(unread(bob)).isEqualTo(1);

      assertThat(alice.send("DELETE", "api/v1/repos/acme/secret/collaborators/bob", null).status()).isEqualTo(204);
      Await.until("the purge deletes bob's private thread", () -> Optional.of(unread(bob)).filter(u -> u == 0));
      comment(alice, "acme/secret", secret, "Second private comment, after the removal");
      // A later event bob does hear about proves the router is past the private comment.
      long open = issue(alice, "alice/demo", "Public marker");
      assertThat(bob.put("api/v1/repos/alice/demo/issues/" + open + "/subscriptions/bob", null).status()).isEqualTo(201);
      comment(alice, "acme/secret", secret, "Third private comment");
      comment(alice, "alice/demo", open, "marker");
      Await.until("bob gets the public marker thread", () -> thread(bob, "Public marker"));
      assertThat(bob.get("api/v1/notifications?all=true").body()).doesNotContain("Private roadmap");
      assertThat(unread(bob)).isEqualTo(1);
      assertThat(bob.get(subs + "/check").status()).isEqualTo(404);

      // The subscription went with the access: back as a collaborator, bob is not subscribed.
      assertThat(alice.put("api/v1/repos/acme/secret/collaborators/bob", "{\"permission\":\"read\"}").status())
          .isEqualTo(204);
      JsonNode check = bob.get(subs + "/check").json();
      assertThat(check.path("subscribed").asBoolean()).isFalse();
      assertThat(check.path("ignored").asBoolean()).isFalse();
    }
  }

  private static int unread(Rest user) {
    Rest.Answer a = user.get("api/v1/notifications/new");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a.json().path("new").asInt();
  }

  private static long issue(Rest as, String repo, String title) {
    Rest.Answer a = as.post("api/v1/repos/" + repo + "/issues", "{\"title\":\"" + title + "\"}");
    assertThat(a.status()).as("%s", a).isEqualTo(201);
    return a.json().path("number").asLong();
  }

  private static void comment(Rest as, String repo, long number, String body) {
    Rest.Answer a = as.post("api/v1/repos/" + repo + "/issues/" + number + "/comments", "{\"body\":\"" + body + "\"}");
    assertThat(a.status()).as("%s", a).isEqualTo(201);
  }

  /** {@code user}'s thread (read or unread) whose subject has {@code title}. */
  private static Optional<JsonNode> thread(Rest user, String title) {
    Rest.Answer a = user.get("api/v1/notifications?all=true&limit=50");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    List<JsonNode> found = StreamSupport.stream(a.json().spliterator(), false)
        .filter(t -> t.path("subject").path("title").asText().equals(title)).toList();
    return found.stream().findFirst();
  }
}
