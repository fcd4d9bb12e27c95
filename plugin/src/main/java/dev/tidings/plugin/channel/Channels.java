package dev.tidings.plugin.channel;

import dev.tidings.hooks.TidingsEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Channel names and which channels an event goes to.
 *
 * <ul>
 *   <li>{@code repo:{owner}/{name}}: everything in a repository;
 *   <li>{@code repo:{owner}/{name}/prs} and {@code repo:{owner}/{name}/issues}: pull request and issue events only;
 *   <li>{@code user:{login}}: that user's notifications, readable only by that user;
 *   <li>{@code org:{org}}: events of the organisation's repositories (filtered per subscriber).
 * </ul>
 */
public final class Channels {

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
  private static final Pattern REPO =
      Pattern.compile("repo:(" + NAME + ")/(" + NAME + ")(?:/(prs|issues))?");
  private static final Pattern USER = Pattern.compile("user:(" + NAME + ")");
  private static final Pattern ORG = Pattern.compile("org:(" + NAME + ")");

  private Channels() {}

  /** A parsed channel name. */
  public record Channel(Kind kind, String name, String owner, String repo, String scope) {

    /** The kinds of channel. */
    public enum Kind { REPO, USER, ORG }

    /** {@code owner/repo} for repository channels, else null. */
    public String repository() {
      return kind == Kind.REPO ? owner + "/" + repo : null;
    }
  }

  /** Parses {@code name}, or empty when it is not a valid channel name. */
  public static Optional<Channel> parse(String name) {
    if (name == null || name.length() > 220) {
      return Optional.empty();
    }
    Matcher m = REPO.matcher(name);
    if (m.matches()) {
      return Optional.of(new Channel(Channel.Kind.REPO, name, m.group(1), m.group(2), m.group(3)));
    }
    m = USER.matcher(name);
    if (m.matches()) {
      return Optional.of(new Channel(Channel.Kind.USER, name, m.group(1), null, null));
    }
    m = ORG.matcher(name);
    if (m.matches()) {
      return Optional.of(new Channel(Channel.Kind.ORG, name, m.group(1), null, null));
    }
    return Optional.empty();
  }

  /** The channels a repository event is appended to, most general first. */
  public static List<String> of(TidingsEvent event) {
    String repo = "repo:" + event.repository().fullName();
    List<String> channels = new ArrayList<>(3);
    channels.add(repo);
    if (event.type().pullRequest()) {
      channels.add(repo + "/prs");
    } else if (event.type().issue()) {
      channels.add(repo + "/issues");
    }
    if (event.repository().ownerIsOrganization()) {
      channels.add("org:" + event.repository().owner());
    }
    return channels;
  }
}
