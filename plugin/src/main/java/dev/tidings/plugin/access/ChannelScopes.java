package dev.tidings.plugin.access;

import dev.samplehost.api.Identity;
import dev.samplehost.api.Scopes;
import dev.tidings.plugin.channel.Channels.Channel;

/**
 * The token scopes a subscription needs, in Gitea's model (passwords and sessions have them all):
 * {@code repo:} channels {@code read:repository}; {@code org:} channels {@code read:repository}
 * and {@code read:organization}; {@code user:} channels {@code read:notification}. A
 * {@code public-only} token streams exactly as an anonymous client does: {@code repo:} channels of
 * public repositories only, no {@code org:} or {@code user:} channels (their events can come from
 * private repositories). Asked before the channel itself is looked at, so the answer never tells
 * whether a repository exists.
 */
public final class ChannelScopes {

  private ChannelScopes() {}

  /** Null when {@code scopes} allow subscribing to {@code channel}; otherwise the message naming what is missing. */
  public static String refusal(Scopes scopes, Channel channel) {
    if (scopes.publicOnly() && channel.kind() != Channel.Kind.REPO) {
      return "A public-only token may subscribe to repo: channels of public repositories only";
    }
    return switch (channel.kind()) {
      case REPO -> missing(scopes, "repository");
      case ORG -> {
        String repository = missing(scopes, "repository");
        yield repository != null ? repository : missing(scopes, "organization");
      }
      case USER -> missing(scopes, "notification");
    };
  }

  /**
   * The login whose access decides what {@code identity} may subscribe to and receive: null
   * (anonymous) for a public-only token, so that every check, at subscribe and at each delivery,
   * allows public repositories only.
   */
  public static String reader(Identity identity) {
    return identity.scopes().publicOnly() ? null : identity.login();
  }

  private static String missing(Scopes scopes, String category) {
    return scopes.allows(category, false) ? null
        : "The token lacks the " + Scopes.needed(category, false) + " scope this channel needs";
  }
}
