/**
 * How plugins take part in the host's web server: handlers under {@code /plugins/{name}/}, extra
 * {@code /api/v1/} routes, and HTML contributed to every page.
 *
 * <p>Every host page is rendered with context attributes on {@code <body>} that plugin scripts
 * read: {@code data-host-user} (signed-in login, absent when anonymous), {@code data-host-repo}
 * ({@code owner/name} on repository pages), {@code data-host-issue} / {@code data-host-pull}
 * (the number on issue and pull request pages), {@code data-host-page} (a page kind such as
 * {@code repo-home}, {@code commits}, {@code issue}, {@code pull}, {@code settings}) and
 * {@code data-host-csrf} (the token for form posts). Live-updatable parts are marked too:
 * {@code [data-host-commits]} (a list showing the head of the branch named by its {@code data-branch}, one {@code <li data-sha>} per commit; lists that are not a branch head carry no such mark),
 * {@code [data-host-timeline]} (comments and reviews, one {@code <li data-comment-id>} each: the comment's id, or
 * {@code review-{id}} for a review) and
 * {@code [data-host-state]} (the open/closed/merged badge).
 */
package dev.samplehost.api.web;
