package dev.samplehost.api;

import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;

/**
 * Adds JGit receive hooks to every {@code ReceivePack} the host creates. Hooks run on the push's
 * HTTP thread and {@code git push} waits for them, so they must only do bounded work.
 */
public interface ReceiveHooks {

  /** Creates one hook per push, given the push's repository and pusher. */
  @FunctionalInterface
  interface Factory<H> {
    /** The hook for this push. */
    H create(PushContext context);
  }

  /** Runs before refs are updated; a hook may reject commands. */
  Registration addPreReceiveHook(Factory<PreReceiveHook> factory);

  /** Runs after refs are updated, with the accepted and rejected commands. */
  Registration addPostReceiveHook(Factory<PostReceiveHook> factory);
}
