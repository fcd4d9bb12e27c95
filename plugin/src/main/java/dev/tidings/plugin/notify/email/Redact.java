package dev.tidings.plugin.notify.email;

import java.util.regex.Pattern;

/** Keeps email addresses out of log lines (an SMTP error message may quote the recipient). */
final class Redact {

  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:@]+@[^\\s<>\"'(),;]+");

  private Redact() {}

  static String addresses(String s) {
    return ADDRESS.matcher(s).replaceAll("<address>");
  }
}
