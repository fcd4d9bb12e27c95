package dev.tidings.plugin.hub;

import dev.samplehost.api.Scopes;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.ChannelScopes;
import dev.tidings.plugin.access.ChannelAuthorizer.Decision;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.ChannelPosition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channels an SSE or long-poll request asks for ({@code ?channel=..&channel=..}) with the
 * positions its cursor resumes from, checked like WebSocket subscribes: the first problem becomes
 * an HTTP status with the same error code a WebSocket client would get.
 */
public record ChannelRequest(List<Wanted> channels, int status, ErrorCode error, String message) {

  /** One requested channel and where to resume it (null: from now). */
  public record Wanted(Channel channel, ChannelPosition since) {}

  /** Whether the request may go on. */
  public boolean ok() {
    return error == null;
  }

  /** Parses and authorises {@code names} for {@code login} (a credential with every scope) resuming from {@code cursor}. */
  public static ChannelRequest of(List<String> names, String cursor, String login, ChannelAuthorizer authorizer, HubSettings settings) {
    return of(names, cursor, login, Scopes.unrestricted(), authorizer, settings);
  }

  /**
   * Parses and authorises {@code names} for {@code login} whose credential has {@code scopes}
   * (see {@link ChannelScopes}), resuming from {@code cursor} (may be null).
   */
  public static ChannelRequest of(List<String> names, String cursor, String login, Scopes scopes,
      ChannelAuthorizer authorizer, HubSettings settings) {
    if (names == null || names.isEmpty()) {
      return fail(400, ErrorCode.BAD_REQUEST, "Name at least one channel: ?channel=repo:{owner}/{name}");
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>(names);
    if (distinct.size() > settings.maxSubscriptions()) {
      return fail(400, ErrorCode.TOO_MANY_SUBSCRIPTIONS, "At most " + settings.maxSubscriptions() + " channels per connection");
    }
    Optional<Map<String, ChannelPosition>> positions = Cursor.decode(cursor);
    if (positions.isEmpty()) {
      return fail(400, ErrorCode.BAD_REQUEST, "The cursor is not one this server issued; drop it to start from now");
    }
    List<Wanted> wanted = new ArrayList<>(distinct.size());
    for (String name : distinct) {
      Optional<Channel> channel = Channels.parse(name);
      if (channel.isEmpty()) {
        return fail(400, ErrorCode.BAD_CHANNEL, "Not a channel name: " + abbreviate(name)
            + "; use repo:{owner}/{name}[/prs|/issues], user:{login} or org:{org}");
      }
      String scopeRefusal = ChannelScopes.refusal(scopes, channel.get());
      if (scopeRefusal != null) {
        return fail(403, ErrorCode.FORBIDDEN, scopeRefusal + ": " + name);
      }
      Decision d = authorizer.check(login, channel.get());
      if (d == Decision.UNAUTHENTICATED) {
        return fail(401, ErrorCode.UNAUTHENTICATED, "Sign in to subscribe to " + name);
      }
      if (d != Decision.ALLOWED) {
        return fail(403, ErrorCode.FORBIDDEN, "Not allowed, or no such channel: " + name);
      }
      wanted.add(new Wanted(channel.get(), positions.get().get(name)));
    }
    return new ChannelRequest(List.copyOf(wanted), 200, null, null);
  }

  private static ChannelRequest fail(int status, ErrorCode code, String message) {
    return new ChannelRequest(List.of(), status, code, message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
