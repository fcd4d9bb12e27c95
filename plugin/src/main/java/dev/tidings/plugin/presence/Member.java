package dev.tidings.plugin.presence;

/**
 * One connection's presence on one thread (one tab): what the connection holds and gives back
 * with {@link Presence#leave}. {@code login} is null for anonymous readers, who see viewers but
 * never appear; {@code visible} is false for them and for users who chose to be invisible;
 * {@code types} is false too for users who chose not to broadcast typing.
 */
public final class Member {

  final Room room;
  final PresenceClient client;
  final String login;
  final boolean visible;
  final boolean types;

  Member(Room room, PresenceClient client, String login, boolean visible, boolean types) {
    this.types = types;
    this.room = room;
    this.client = client;
    this.login = login;
    this.visible = visible;
  }

  /** The channel's name. */
  public String channel() {
    return room.channel.name();
  }
}
