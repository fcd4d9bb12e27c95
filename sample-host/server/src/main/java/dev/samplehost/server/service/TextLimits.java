package dev.samplehost.server.service;

/**
 * Size limits for the texts users write: a title at most {@value #MAX_TITLE} characters (Gitea's
 * {@code MaxSize(255)} on issue and pull request titles), a body, comment or review at most
 * {@value #MAX_BODY} characters (GitHub's limit). Characters are Unicode code points, as Gitea
 * counts them. Without these a 4 MB title was stored and then repeated in every later event and
 * notification of the issue (security review H4).
 */
public final class TextLimits {

  /** Most characters in an issue or pull request title. */
  public static final int MAX_TITLE = 255;
  /** Most characters in an issue, pull request, comment or review body. */
  public static final int MAX_BODY = 65_536;

  private TextLimits() {}

  /** 422 {@code [Title]: MaxSize} when {@code title} is longer than {@link #MAX_TITLE}; null passes. */
  public static void checkTitle(String title) {
    check("Title", title, MAX_TITLE);
  }

  /** 422 {@code [Body]: MaxSize} when {@code body} is longer than {@link #MAX_BODY}; null passes. */
  public static void checkBody(String body) {
    check("Body", body, MAX_BODY);
  }

  /**
   * The message a web form shows for {@code e}: "Title must contain at most 255 characters." for a
   * size failure (Gitea's wording), the exception's own message otherwise.
   */
  public static String describe(ServiceException e) {
    if (e instanceof ValidationException v && "MaxSize".equals(v.rule())) {
      int max = "Title".equals(v.field()) ? MAX_TITLE : MAX_BODY;
      return v.field() + " must contain at most " + max + " characters.";
    }
    return e.getMessage();
  }

  private static void check(String field, String text, int max) {
    // length() is an upper bound of the code point count: only long texts need counting.
    if (text != null && text.length() > max && text.codePointCount(0, text.length()) > max) {
      throw new ValidationException(field, "MaxSize");
    }
  }
}
