package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.lifecycle.ListenerWorker;
import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.AccessControl;
import dev.samplehost.api.UserRef;
import dev.samplehost.api.events.CollaboratorEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.events.OrganizationMemberEvent;
import dev.tidings.plugin.lifecycle.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a user's notification threads (and watches) of repositories they can no longer read, as
 * soon as the host says a collaborator or an organisation member was removed, as Gitea does: a
 * removed member must not keep listing the titles of private issues and pull requests. Runs on a
 * thread of its own (host listeners must return at once). The REST API also re-checks read access
 * per thread, so nothing shows in between or if this missed an event (e.g. during a restart).
 */
@Singleton
public final class AccessLossPurger implements Managed, HostEventListener {

  private static final Logger log = LoggerFactory.getLogger(AccessLossPurger.class);

  private final HostEvents hostEvents;
  private final AccessControl access;
  private final ThreadStore threads;
  private final ListenerWorker worker = new ListenerWorker("notify-access");

  @Inject
  public AccessLossPurger(HostEvents hostEvents, AccessControl access, ThreadStore threads) {
    this.hostEvents = hostEvents;
    this.access = access;
    this.threads = threads;
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public void start() {
    worker.start(hostEvents, this);
  }

  @Override
  public void stop() throws InterruptedException {
    worker.stop();
  }

  @Override
  public void onCollaborator(CollaboratorEvent event) {
    if (event.action() == CollaboratorEvent.Action.REMOVED && event.collaborator() != null
        && event.repository() != null) {
      submit(event.collaborator(), event.repository().owner(), event.repository().name());
    }
  }

  @Override
  public void onOrganizationMember(OrganizationMemberEvent event) {
    if (event.action() == OrganizationMemberEvent.Action.REMOVED && event.member() != null
        && event.organization() != null) {
      submit(event.member(), event.organization(), null);
    }
  }

  /** Re-checks the user's thread repositories of {@code owner} (only {@code name} when given). */
  private void submit(UserRef user, String owner, String name) {
    worker.run(() -> purge(user, owner, name));
  }

  /** Deletes the user's threads of every such repository they cannot read now; returns how many went. */
  public int purge(UserRef user, String owner, String name) {
    int total = 0;
    try {
      for (ThreadStore.ThreadRepo r : threads.repositoriesOf(user.id(), owner)) {
        if (name != null && !name.equalsIgnoreCase(r.name())) {
          continue;
        }
        if (!access.canRead(user.login(), r.owner(), r.name())) {
          total += threads.forget(user.id(), r.repoId()).get(60, TimeUnit.SECONDS);
        }
      }
      if (total > 0) {
        log.info("Removed {} notification thread(s) of {} in {}: read access lost", total, user.login(),
            name == null ? owner : owner + "/" + name);
      }
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    } catch (Exception x) {
      log.error("Dropping the threads of {} after an access change failed", user.login(), x);
    }
    return total;
  }
}
