package dev.tidings.plugin.session;

import dev.samplehost.api.Scopes;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.ChannelAuthorizer.Decision;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.hub.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The checks of a channel someone asks to subscribe to, for every transport, with the error each
 * refusal is answered with: a channel name, the credential's scopes, then read access. Plain-HTTP
 * answers carry no {@code channel} field, so there ({@code named}) the message names the channel.
 */
@Singleton
public final class ChannelChecks {

  /** Why a subscribe is refused; {@code probe} when it counts towards {@code ws.maxForbidden}. */
  public record Refusal(ErrorCode code, int status, String message, boolean probe) {}

  private static final String CHANNEL_HINT = "; use repo:{owner}/{name}[/prs|/issues], user:{login} or org:{org}";

  private final ChannelAuthorizer authorizer;

  /** Checks against {@code authorizer}. */
  @Inject
  public ChannelChecks(ChannelAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** The refusal of {@code name}, which is not a channel name. */
  public static Refusal badChannel(String name, boolean named) {
    return new Refusal(ErrorCode.BAD_CHANNEL, 400,
        "Not a channel name" + (named ? ": " + abbreviate(name, 60) : "") + CHANNEL_HINT, false);
  }

  /**
   * Null when {@code login} (null: anonymous), whose credential has {@code scopes}, may subscribe to
   * {@code channel}; otherwise why not. Scopes are asked first, so that refusal never tells whether
   * a repository exists.
   */
  public Refusal authorize(String login, Scopes scopes, Channel channel, boolean named) {
    String suffix = named ? ": " + channel.name() : "";
    String scopeRefusal = ChannelScopes.refusal(scopes, channel);
    if (scopeRefusal != null) {
      return new Refusal(ErrorCode.FORBIDDEN, 403, scopeRefusal + suffix, false);
    }
    Decision decision = authorizer.check(login, channel);
    return switch (decision) {
      case ALLOWED -> null;
      case UNAUTHENTICATED -> new Refusal(ErrorCode.UNAUTHENTICATED, 401, "Sign in to subscribe to " + channel.name(), true);
      case FORBIDDEN -> new Refusal(ErrorCode.FORBIDDEN, 403, "Not allowed, or no such channel" + suffix, true);
    };
  }

  /** {@code s} cut to {@code max} characters for an error message. */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
