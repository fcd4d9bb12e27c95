package dev.samplehost.server.git;

import dev.samplehost.api.PushContext;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
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
    List<PostReceiveHook> post = hooks.postHooks(new PushContext(repo.toRef(), pusher.toRef()));
    if (post.isEmpty()) {
      return;
    }
    try (org.eclipse.jgit.lib.Repository db = store.open(repo.owner(), repo.name())) {
      ReceivePack rp = new ReceivePack(db);
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
}
