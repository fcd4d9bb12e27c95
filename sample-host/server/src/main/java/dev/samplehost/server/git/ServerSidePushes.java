package dev.samplehost.server.git;

import dev.samplehost.api.PushContext;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registered post-receive hooks about ref updates the host makes itself (merging a pull
 * request), as if they had been pushed, so that plugins see every change of a branch the same way.
 */
@Singleton
public class ServerSidePushes {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSidePushes.class);
  private final GitStore store;
  private final HostReceiveHooks hooks;

  @Inject
  ServerSidePushes(GitStore store, HostReceiveHooks hooks) {
    this.store = store;
    this.hooks = hooks;
  }

  /** Runs the post-receive hooks for {@code ref} moving from {@code oldId} to {@code newId} (zero id: create/delete). */
  public void updated(Repository repo, User pusher, String ref, ObjectId oldId, ObjectId newId) {
    updated(repo, pusher, ref, oldId, newId, Map.of());
  }

  /**
   * As {@link #updated(Repository, User, String, ObjectId, ObjectId)}, when the same host operation
   * also removed {@code removedRefs} (name to the id it had) before this report: hooks are shown
   * the refs as they were before the operation, as a real push shows them its advertised refs. A
   * merge that deletes its head branch would otherwise report the pull request's commits as new
   * on the base branch (they are no longer reachable from any other ref).
   */
  public void updated(Repository repo, User pusher, String ref, ObjectId oldId, ObjectId newId,
      Map<String, ObjectId> removedRefs) {
    List<PostReceiveHook> post = hooks.postHooks(new PushContext(repo.toRef(), pusher.toRef()));
    if (post.isEmpty()) {
      return;
    }
    try (org.eclipse.jgit.lib.Repository db = store.open(repo.owner(), repo.name())) {
      ReceivePack rp = new ReceivePack(db);
      rp.setAdvertisedRefs(refsBefore(db, ref, oldId, removedRefs), Set.of());
      ReceiveCommand command = new ReceiveCommand(oldId, newId, ref);
      command.setResult(ReceiveCommand.Result.OK);
      List<ReceiveCommand> commands = List.of(command);
      for (PostReceiveHook hook : post) {
        hook.onPostReceive(rp, commands); // each hook is already guarded against exceptions
      }
    } catch (IOException e) {
      LOG.warn("Cannot report the server-side update of {} in {}", ref, repo.fullName(), e);
    }
  }

  /** The refs now, with {@code ref} put back at {@code oldId} and {@code removedRefs} restored. */
  private static Map<String, Ref> refsBefore(org.eclipse.jgit.lib.Repository db, String ref, ObjectId oldId,
      Map<String, ObjectId> removedRefs) throws IOException {
    Map<String, Ref> refs = new HashMap<>();
    for (Ref r : db.getRefDatabase().getRefs()) {
      refs.put(r.getName(), r);
    }
    removedRefs.forEach((name, id) -> refs.put(name, new ObjectIdRef.Unpeeled(Ref.Storage.LOOSE, name, id)));
    if (ObjectId.zeroId().equals(oldId)) {
      refs.remove(ref);
    } else {
      refs.put(ref, new ObjectIdRef.Unpeeled(Ref.Storage.LOOSE, ref, oldId));
    }
    return refs;
  }
}
