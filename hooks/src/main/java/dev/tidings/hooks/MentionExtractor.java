package dev.tidings.hooks;

import dev.samplehost.api.Directory;
import dev.samplehost.api.UserRef;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@code @name} mentions of existing users in titles, bodies, comments and commit messages,
 * following GitHub's rules: the {@code @} must not follow a letter, digit or one of {@code _.+-/@`}
 * (so e-mail addresses and paths do not count), text in code spans and fenced code blocks is
 * ignored, a trailing dot ends the name, and only logins the host knows are kept.
 */
public final class MentionExtractor {

  private static final Logger log = LoggerFactory.getLogger(MentionExtractor.class);

  /** At most this many characters of one text are scanned. */
  static final int MAX_TEXT = 65_536;
  /** At most this many distinct mentions are kept per text (GitHub stops at 50 too). */
  static final int MAX_MENTIONS = 50;

  private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
  private static final Pattern MENTION =
      Pattern.compile("(?<![A-Za-z0-9_.+\\-/@`])@([A-Za-z0-9][A-Za-z0-9._-]{0,99})");

  private final Directory directory;

  /** Extracts mentions of the users in {@code directory}. */
  public MentionExtractor(Directory directory) {
    this.directory = directory;
  }

  /** The logins (as the host spells them) of existing users mentioned in {@code texts}, in order of appearance. */
  public Set<String> extract(String... texts) {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Optional<String>> known = new HashMap<>();
    for (String text : texts) {
      if (text == null || text.indexOf('@') < 0) {
        continue;
      }
      String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
      t = INLINE_CODE.matcher(withoutFencedBlocks(t)).replaceAll(" ");
      Matcher m = MENTION.matcher(t);
      while (m.find() && out.size() < MAX_MENTIONS) {
        String name = m.group(1);
        while (name.endsWith(".") || name.endsWith("-") || name.endsWith("_")) {
          name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
          continue;
        }
        String candidate = name;
        known.computeIfAbsent(candidate.toLowerCase(java.util.Locale.ROOT),
            k -> lookUp(candidate)).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * {@code text} with every fenced code block (a line starting with {@code ```} or {@code ~~~}, up to
   * a line holding only the same fence, or the end of the text) blanked out, line breaks kept.
   * One pass over the text looking only at line starts, so the cost is linear in its length: the
   * regex this replaces ({@code ^\s*(```|~~~).*?...}) let {@code \s*} run across lines from every
   * line start, which made a text of many newlines quadratic (64 KiB took about 20 s of CPU).
   */
  static String withoutFencedBlocks(String text) {
    if (text.indexOf("```") < 0 && text.indexOf("~~~") < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    String fence = null;
    int n = text.length();
    int start = 0;
    while (start <= n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int first = skipBlanks(text, start, end);
      if (fence == null) {
        if (text.startsWith("```", first) || text.startsWith("~~~", first)) {
          fence = text.substring(first, first + 3);
        } else {
          out.append(text, start, end);
        }
      } else if (text.startsWith(fence, first) && skipBlanks(text, first + 3, end) == end) {
        fence = null; // the closing line is part of the block
      }
      if (nl < 0) {
        break;
      }
      out.append('\n');
      start = nl + 1;
    }
    return out.toString();
  }

  /** The index of the first character in {@code [from, to)} that is not whitespace, or {@code to}. */
  private static int skipBlanks(String s, int from, int to) {
    int i = from;
    while (i < to && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private Optional<String> lookUp(String name) {
    try {
      return directory.user(name).map(UserRef::login);
    } catch (RuntimeException e) {
      // A failing directory costs the mention, never the event that carries it.
      log.warn("Cannot look up mentioned user @{}; mention dropped", name, e);
      return Optional.empty();
    }
  }
}
