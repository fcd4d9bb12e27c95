package dev.samplehost.api.web;

/** Places in the host's HTML pages where plugins may add markup. */
public enum PageSlot {
  /** Inside {@code <head>} of every page: {@code <script>} and {@code <link>} tags. */
  HEAD,
  /** The header bar of every page, right of the navigation (bells, status lights). */
  HEADER,
  /** On a repository home page, beside the latest commits. */
  REPOSITORY_HOME,
  /** On an issue or pull request page, below the timeline. */
  ISSUE,
  /** On the home page of a signed-in user, above the repository list (a dashboard). */
  HOME,
  /** On the user settings page. */
  USER_SETTINGS
}
