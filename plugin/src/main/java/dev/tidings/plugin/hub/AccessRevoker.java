package dev.tidings.plugin.hub;

import dev.tidings.plugin.lifecycle.ListenerWorker;
import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.events.CollaboratorEvent;
import dev.samplehost.api.events.HostEventListener;
import dev.samplehost.api.events.HostEvents;
import dev.samplehost.api.events.OrganizationMemberEvent;
import dev.samplehost.api.events.RepositoryEvent;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.EventLog;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends live subscriptions the moment access to them is lost: a collaborator removed, an
 * organisation member removed, a repository deleted (whose log history is forgotten too, see
 * {@link EventLog#forgetRepository}). The affected subscriptions are re-checked on
 * a thread of their own (host listeners must return at once) and each one that is no longer
 * allowed ends with a {@code forbidden} "access revoked" error and {@code unsubscribed}. Events of
 * private repositories are also re-checked at delivery, so nothing leaks in between.
 */
@Singleton
public final class AccessRevoker implements Managed, HostEventListener {

  private static final Logger log = LoggerFactory.getLogger(AccessRevoker.class);

  private final HostEvents hostEvents;
  private final Hub hub;
  private final EventLog eventLog;
  private final ListenerWorker worker = new ListenerWorker("access");

  /** A revoker for the hub's subscriptions. */
  @Inject
  public AccessRevoker(HostEvents hostEvents, Hub hub, EventLog eventLog) {
    this.hostEvents = hostEvents;
    this.hub = hub;
    this.eventLog = eventLog;
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
    if (event.action() == CollaboratorEvent.Action.REMOVED && event.collaborator() != null) {
      String login = event.collaborator().login();
      String owner = event.repository().owner();
      String name = event.repository().name();
      recheck(s -> login.equals(s.subscriber().login()) && concerns(s.channel(), owner, name));
    }
  }

  @Override
  public void onOrganizationMember(OrganizationMemberEvent event) {
    if (event.action() == OrganizationMemberEvent.Action.REMOVED && event.member() != null) {
      String login = event.member().login();
      String org = event.organization();
      recheck(s -> login.equals(s.subscriber().login())
          && (s.channel().owner().equals(org) && s.channel().kind() != Channel.Kind.USER));
    }
  }

  @Override
  public void onRepository(RepositoryEvent event) {
    if (event.action() == RepositoryEvent.Action.DELETED) {
      String owner = event.repository().owner();
      String name = event.repository().name();
      recheck(s -> concerns(s.channel(), owner, name));
      // Its history goes too: a repository re-created under the name (perhaps public) must not
      // replay the old one's events to clients resuming with since.
      eventLog.forgetRepository(owner, name).whenComplete((n, x) -> {
        if (x != null) {
          log.error("Forgetting the log of deleted repository {}/{} failed", owner, name, x);
        }
      });
    }
  }

  private static boolean concerns(Channel channel, String owner, String name) {
    return channel.kind() == Channel.Kind.REPO && channel.owner().equals(owner) && channel.repo().equals(name);
  }

  private void recheck(Predicate<Subscription> affected) {
    worker.run(() -> {
      try {
        int n = hub.revalidate(affected);
        if (n > 0) {
          log.info("Revoked {} subscription(s) after an access change", n);
        }
      } catch (RuntimeException x) {
        log.error("Re-checking subscriptions failed", x);
      }
    });
  }
}
