package dev.tidings.plugin.transport.http;

import dev.samplehost.api.Scopes;
import dev.tidings.plugin.channel.Channels;
import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.log.ChannelPosition;
import dev.tidings.plugin.session.ChannelChecks;
import dev.tidings.plugin.session.ChannelChecks.Refusal;
import dev.tidings.plugin.session.SubscribeRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channels an SSE or long-poll request asks for ({@code ?channel=..&channel=..}) with the
 * positions its cursor resumes from, checked by the same {@link ChannelChecks} as WebSocket
 * subscribes: the first problem becomes an HTTP status with the same error code.
 */
record ChannelRequest(List<SubscribeRequest> channels, int status, ErrorCode error, String message) {

  /** Whether the request may go on. */
  boolean ok() {
    return error == null;
  }

  /**
   * Parses and checks {@code names} for {@code login} whose credential has {@code scopes},
   * resuming from {@code cursor} (may be null), at most {@code maxChannels} of them.
   */
  static ChannelRequest of(List<String> names, String cursor, String login, Scopes scopes, ChannelChecks checks,
      int maxChannels) {
    if (names == null || names.isEmpty()) {
      return fail(400, ErrorCode.BAD_REQUEST, "Name at least one channel: ?channel=repo:{owner}/{name}");
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>(names);
    if (distinct.size() > maxChannels) {
      return fail(400, ErrorCode.TOO_MANY_SUBSCRIPTIONS, "At most " + maxChannels + " channels per connection");
    }
    Optional<Map<String, ChannelPosition>> positions = Cursor.decode(cursor);
    if (positions.isEmpty()) {
      return fail(400, ErrorCode.BAD_REQUEST, "The cursor is not one this server issued; drop it to start from now");
    }
    List<SubscribeRequest> wanted = new ArrayList<>(distinct.size());
    for (String name : distinct) {
      Optional<Channel> channel = Channels.parse(name);
      Refusal refusal = channel.isEmpty() ? ChannelChecks.badChannel(name, true)
          : checks.authorize(login, scopes, channel.get(), true);
      if (refusal != null) {
        return fail(refusal.status(), refusal.code(), refusal.message());
      }
      wanted.add(new SubscribeRequest(channel.get(), positions.get().get(name)));
    }
    return new ChannelRequest(List.copyOf(wanted), 200, null, null);
  }

  private static ChannelRequest fail(int status, ErrorCode code, String message) {
    return new ChannelRequest(List.of(), status, code, message);
  }
}
