package dev.tidings.plugin.ops;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Identity;
import dev.samplehost.api.Permission;
import dev.samplehost.api.RepoRef;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.web.HttpProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Where an event may go: a repository the caller can write to, under the host's spelling of its
 * name. A repository the caller cannot read answers exactly like one that does not exist.
 */
@Singleton
final class PublishTarget {

  /** The repository as the host spells it, and the channel under that spelling. */
  record Resolved(RepoRef repository, String channel) {}

  private final AccessControl access;
  private final Directory directory;

  @Inject
  PublishTarget(AccessControl access, Directory directory) {
    this.access = access;
    this.directory = directory;
  }

  /** 403 {@code forbidden} without write scope or write access, 404 {@code not_found} when not readable. */
  Resolved resolve(Identity who, Channels.Channel channel) {
    if (!who.allows("repository", true)) {
      throw HttpProblem.forbidden("token does not have at least one of required scope(s): [write:repository]");
    }
    // A public-only token reaches public repositories only: a private one looks missing.
    Permission p = who.scopes().publicOnly() && !access.canRead(null, channel.owner(), channel.repo())
        ? Permission.NONE : access.permission(who.login(), channel.owner(), channel.repo());
    if (!p.atLeast(Permission.READ)) {
      // Same answer as for a repository that does not exist: private names do not leak.
      throw notFound(channel);
    }
    if (!p.atLeast(Permission.WRITE)) {
      throw HttpProblem.forbidden("Publishing to " + channel.repository() + " needs write access");
    }
    // The host's spelling: names are case-insensitive there, and every case variant
    // (repo:BOB/FLOOD) would otherwise be a channel of its own, with its own retention, that no
    // subscriber of the real channel ever sees (security review M3).
    RepoRef repo = directory.repository(channel.owner(), channel.repo()).orElseThrow(() -> notFound(channel));
    return new Resolved(repo, "repo:" + repo.fullName() + (channel.scope() == null ? "" : "/" + channel.scope()));
  }

  private static HttpProblem notFound(Channels.Channel channel) {
    return HttpProblem.notFound("Repository " + channel.repository() + " not found");
  }
}
