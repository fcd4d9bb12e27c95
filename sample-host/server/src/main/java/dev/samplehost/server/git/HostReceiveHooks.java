package dev.samplehost.server.git;

import dev.samplehost.api.PushContext;
import dev.samplehost.api.ReceiveHooks;
import dev.samplehost.api.Registration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The receive-hook factories plugins registered; asked for fresh hooks on every push. */
@Singleton
public class HostReceiveHooks implements ReceiveHooks {
  private static final Logger LOG = LoggerFactory.getLogger(HostReceiveHooks.class);
  private final List<Factory<PreReceiveHook>> pre = new CopyOnWriteArrayList<>();
  private final List<Factory<PostReceiveHook>> post = new CopyOnWriteArrayList<>();

  @Override
  public Registration addPreReceiveHook(Factory<PreReceiveHook> factory) {
    pre.add(factory);
    return () -> pre.remove(factory);
  }

  @Override
  public Registration addPostReceiveHook(Factory<PostReceiveHook> factory) {
    post.add(factory);
    return () -> post.remove(factory);
  }

  /** Pre-receive hooks for one push (a factory that fails is logged and skipped). */
  public List<PreReceiveHook> preHooks(PushContext context) {
    List<PreReceiveHook> out = new ArrayList<>();
    for (Factory<PreReceiveHook> f : pre) {
      try {
        PreReceiveHook h = f.create(context);
        if (h != null) {
          out.add(h);
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("Pre-receive hook factory {} failed", f.getClass().getName(), e);
      }
    }
    return out;
  }

  /** Post-receive hooks for one push, each guarded so that a failing hook cannot break the push. */
  public List<PostReceiveHook> postHooks(PushContext context) {
    List<PostReceiveHook> out = new ArrayList<>();
    for (Factory<PostReceiveHook> f : post) {
      try {
        PostReceiveHook h = f.create(context);
        if (h != null) {
          out.add((rp, commands) -> {
            try {
              h.onPostReceive(rp, commands);
            } catch (RuntimeException | LinkageError e) {
              LOG.warn("Post-receive hook {} failed", h.getClass().getName(), e);
            }
          });
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("Post-receive hook factory {} failed", f.getClass().getName(), e);
      }
    }
    return out;
  }
}
