package dev.tidings.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.testing.support.Await;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review L4 (REST): a collaborator removed from a private repository stops seeing its
 * notification threads at once. alice adds bob to {@code acme/secret}, mentions him in a private
 * issue (bob gets a thread), then removes him: bob's list, the repository list, his unread count
 * and the thread itself (404) no longer show the private title.
 */
class RemovedCollaboratorNotificationsTest {
  private static final String TITLE = "Private: acquisition of Globex";

  @Test
  void aRemovedCollaboratorNoLongerListsOrReadsThePrivateThreads(@TempDir Path temp) throws Exception {
    try (E2eHost host = E2eHost.start(temp.resolve("host"))) {
      Rest alice = Rest.alice(host);
      Rest bob = Rest.bob(host);

      Rest.Answer added = alice.put("api/v1/repos/acme/secret/collaborators/bob", "{\"permission\":\"read\"}");
      assertThat(added.status()).as("%s", added).isEqualTo(204);
      Rest.Answer issue = alice.post("api/v1/repos/acme/secret/issues",
          "{\"title\":\"" + TITLE + "\",\"body\":\"@bob please review the numbers\"}");
      assertThat(issue.status()).as("%s", issue).isEqualTo(201);

      JsonNode thread = Await.until("bob's inbox lists the private mention",
          () -> find(bob.get("api/v1/notifications").json()));
      long id = thread.path("id").asLong();
      assertThat(bob.get("api/v1/notifications/threads/" + id).status()).isEqualTo(200);
      assertThat(unread(bob)).isEqualTo(1);

      Rest.Answer removed = alice.send("DELETE", "api/v1/repos/acme/secret/collaborators/bob", null);
      assertThat(removed.status()).as("%s", removed).isEqualTo(204);

      // At once (read access is re-checked per thread) and for good (the threads are deleted).
      Rest.Answer list = bob.get("api/v1/notifications?all=true");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body()).as("bob's list after removal").doesNotContain(TITLE);
      assertThat(list.headers().firstValue("X-Total-Count")).contains("0");
      Rest.Answer one = bob.get("api/v1/notifications/threads/" + id);
      assertThat(one.status()).as("%s", one).isEqualTo(404);
      assertThat(one.body()).doesNotContain(TITLE);
      assertThat(bob.send("PATCH", "api/v1/notifications/threads/" + id, null).status()).isEqualTo(404);
      Await.until("bob's unread count drops to 0 (thread deleted)",
          () -> unread(bob) == 0 ? Optional.of(true) : Optional.empty());
      Rest.Answer marked = bob.put("api/v1/notifications?all=true&to-status=read", null);
      assertThat(marked.body()).doesNotContain(TITLE);
      assertThat(bob.get("api/v1/repos/acme/secret/notifications").status()).isEqualTo(404);
    }
  }

  private static Optional<JsonNode> find(JsonNode threads) {
    return StreamSupport.stream(threads.spliterator(), false)
        .filter(t -> t.path("subject").path("title").asText().equals(TITLE)).findFirst();
  }

  private static int unread(Rest user) {
    Rest.Answer a = user.get("api/v1/notifications/new");
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    return a.json().path("new").asInt();
  }
}
