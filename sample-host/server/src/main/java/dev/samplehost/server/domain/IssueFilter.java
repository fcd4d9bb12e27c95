package dev.samplehost.server.domain;

import java.time.Instant;

/**
 * Filters for listing issues and pull requests, as in Gitea's list query: {@code state} is
 * {@code open}, {@code closed} or {@code all}; {@code pulls} null means both kinds; user filters
 * are logins (null = no filter); {@code since}/{@code before} apply to {@code updated};
 * {@code page} is 1-based.
 */
public record IssueFilter(
    String state, Boolean pulls, String createdBy, String assignedTo, String mentioned,
    String keyword, Instant since, Instant before, String sort, int page, int limit) {

  /** Open issues and pull requests, newest first, first page of 30. */
  public static IssueFilter open() {
    return new IssueFilter("open", null, null, null, null, null, null, null, null, 1, 30);
  }

  /** This filter with another state. */
  public IssueFilter withState(String newState) {
    return new IssueFilter(newState, pulls, createdBy, assignedTo, mentioned, keyword, since, before,
        sort, page, limit);
  }

  /** This filter restricted to pull requests (true), issues (false) or both (null). */
  public IssueFilter withPulls(Boolean onlyPulls) {
    return new IssueFilter(state, onlyPulls, createdBy, assignedTo, mentioned, keyword, since, before,
        sort, page, limit);
  }

  /** This filter on another page. */
  public IssueFilter withPage(int newPage, int newLimit) {
    return new IssueFilter(state, pulls, createdBy, assignedTo, mentioned, keyword, since, before,
        sort, newPage, newLimit);
  }
}
