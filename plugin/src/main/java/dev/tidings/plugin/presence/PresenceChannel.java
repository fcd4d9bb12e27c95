package dev.tidings.plugin.presence;

import dev.tidings.plugin.channel.Channels.Channel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ephemeral, thread-scoped channel: who views one issue or pull request, and who is typing
 * there ({@code presence:{owner}/{name}/issues/{n}} or {@code .../pulls/{n}}). It has no history
 * and no positions; reading it needs read access to the repository.
 */
public record PresenceChannel(String name, String owner, String repo, String kind, long number) {

  /** Every presence channel name starts with this. */
  public static final String PREFIX = "presence:";

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
  private static final Pattern PATTERN =
      Pattern.compile("presence:(" + NAME + ")/(" + NAME + ")/(issues|pulls)/([1-9][0-9]{0,9})");

  /** Whether {@code name} is meant as a presence channel (valid or not). */
  public static boolean claims(String name) {
    return name != null && name.startsWith(PREFIX);
  }

  /** The channel {@code name} denotes, or null when it is not a valid presence channel name. */
  public static PresenceChannel parse(String name) {
    if (name == null || name.length() > 240) {
      return null;
    }
    Matcher m = PATTERN.matcher(name);
    if (!m.matches()) {
      return null;
    }
    return new PresenceChannel(name, m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4)));
  }

  /** The repository channel whose read access this channel needs (for the usual checks). */
  public Channel repository() {
    return new Channel(Channel.Kind.REPO, "repo:" + owner + "/" + repo, owner, repo, null);
  }
}
