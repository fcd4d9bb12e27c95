package dev.tidings.plugin.access;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.ChannelEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Who may subscribe to a channel and who may receive one event, asked at subscribe time and again
 * at delivery time and when access changes. A repository that does not exist and one the user may
 * not read get the same answer.
 */
@Singleton
public final class ChannelAuthorizer {

  /** The answer to a subscribe. */
  public enum Decision { ALLOWED, FORBIDDEN, UNAUTHENTICATED }

  /** A repository whose readers alone may receive an event. */
  public record Restriction(String owner, String name) {}

  private final AccessControl access;
  private final Directory directory;

  /** Asks the host's access control and directory. */
  @Inject
  public ChannelAuthorizer(AccessControl access, Directory directory) {
    this.access = access;
    this.directory = directory;
  }

  /** Whether {@code login} (null for anonymous) may subscribe to {@code channel}. */
  public Decision check(String login, Channel channel) {
    return switch (channel.kind()) {
      case REPO -> access.canRead(login, channel.owner(), channel.repo()) ? Decision.ALLOWED : Decision.FORBIDDEN;
      case USER -> login == null ? Decision.UNAUTHENTICATED
          : login.equals(channel.owner()) ? Decision.ALLOWED : Decision.FORBIDDEN;
      // Anonymous clients get public repositories only, not whole organisations.
      case ORG -> login == null ? Decision.UNAUTHENTICATED
          : directory.isOrganization(channel.owner()) && access.canSeeOrganization(login, channel.owner())
          ? Decision.ALLOWED : Decision.FORBIDDEN;
    };
  }

  /**
   * Null when every subscriber of the event's channel may receive it (no repository, or a public
   * one); otherwise the repository each subscriber must be able to read. Asked once per event.
   */
  public Restriction restriction(ChannelEvent event) {
    String repository = event.repository();
    if (repository == null) {
      return null;
    }
    int slash = repository.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    String owner = repository.substring(0, slash);
    String name = repository.substring(slash + 1);
    // "Anonymous may read it" is exactly "it exists and is public", and unlike a directory lookup
    // the host answers it from its access cache: this runs for every event fanned out or replayed.
    if (access.canRead(null, owner, name)) {
      return null;
    }
    return new Restriction(owner, name);
  }

  /** Whether {@code login} may receive an event with {@code restriction} (null: anyone may). */
  public boolean mayReceive(String login, Restriction restriction) {
    return restriction == null || access.canRead(login, restriction.owner(), restriction.name());
  }
}
