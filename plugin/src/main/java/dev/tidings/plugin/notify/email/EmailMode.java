package dev.tidings.plugin.notify.email;

import java.util.Locale;
import java.util.Optional;

/** How a user gets notifications by email: not at all (the default), one email per update, or a daily digest. */
public enum EmailMode {
  OFF, IMMEDIATE, DAILY;

  /** The form in the API and the database. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode written {@code s} ({@code off}, {@code immediate} or {@code daily}), if any. */
  public static Optional<EmailMode> parse(String s) {
    for (EmailMode m : values()) {
      if (m.wire().equals(s)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
