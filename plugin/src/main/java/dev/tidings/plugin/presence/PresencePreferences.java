package dev.tidings.plugin.presence;

/**
 * A user's presence choices: {@code invisible} users see others but never appear (nor type);
 * with {@code typing} false their typing is not broadcast. Read when the user subscribes to a
 * presence channel, so a change applies from the next subscribe (a page load).
 */
public record PresencePreferences(boolean invisible, boolean typing) {

  /** Visible and typing shown: the default. */
  public static final PresencePreferences DEFAULT = new PresencePreferences(false, true);

  /** Where the choices come from. */
  public interface Source {
    /** {@code login}'s choices; {@link #DEFAULT} when never saved or unreadable. */
    PresencePreferences of(String login);
  }
}
