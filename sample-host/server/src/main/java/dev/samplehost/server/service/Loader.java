package dev.samplehost.server.service;

import dev.samplehost.server.db.Sql;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewRequest;
import dev.samplehost.server.domain.ReviewState;
import dev.samplehost.server.domain.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loads issues, pull requests, comments and reviews with their people, inside a unit of work. */
final class Loader {
  static final String ISSUE_COLUMNS =
      "i.id, i.repo_id, i.number, i.is_pull, i.title, i.body, i.state, i.created, i.updated, i.closed_at, "
          + "a.id, a.name, a.full_name, a.email, a.is_admin, a.created, "
          + "(SELECT COUNT(*) FROM comments c WHERE c.issue_id = i.id) AS n_comments";
  static final String ISSUE_FROM = " FROM issues i JOIN accounts a ON a.id = i.poster_id ";
  private static final String COMMENT_SELECT =
      "SELECT c.id, c.issue_id, i.repo_id, i.number, a.id, a.name, a.full_name, a.email, a.is_admin, a.created, "
          + "c.body, c.created, c.updated FROM comments c JOIN issues i ON i.id = c.issue_id "
          + "JOIN accounts a ON a.id = c.poster_id ";
  private static final String REVIEW_SELECT =
      "SELECT r.id, r.issue_id, i.repo_id, i.number, a.id, a.name, a.full_name, a.email, a.is_admin, a.created, "
          + "r.state, r.body, r.commit_id, r.created, r.updated FROM reviews r JOIN issues i ON i.id = r.issue_id "
          + "JOIN accounts a ON a.id = r.reviewer_id ";

  private Loader() {}

  static Optional<Issue> issue(Sql sql, long repoId, long number) throws SQLException {
    Optional<Issue> bare = sql.one("SELECT " + ISSUE_COLUMNS + ISSUE_FROM + "WHERE i.repo_id = ? AND i.number = ?",
        Loader::issueRow, repoId, number);
    return bare.isEmpty() ? bare : Optional.of(withAssignees(sql, bare.get()));
  }

  static Optional<Issue> issueById(Sql sql, long id) throws SQLException {
    Optional<Issue> bare = sql.one("SELECT " + ISSUE_COLUMNS + ISSUE_FROM + "WHERE i.id = ?", Loader::issueRow, id);
    return bare.isEmpty() ? bare : Optional.of(withAssignees(sql, bare.get()));
  }

  static List<Issue> withAssignees(Sql sql, List<Issue> issues) throws SQLException {
    List<Issue> out = new ArrayList<>(issues.size());
    for (Issue i : issues) {
      out.add(withAssignees(sql, i));
    }
    return out;
  }

  static Issue withAssignees(Sql sql, Issue i) throws SQLException {
    List<User> assignees = sql.list(
        "SELECT " + Rows.USER_COLUMNS + " FROM assignees x JOIN accounts a ON a.id = x.user_id WHERE x.issue_id = ? ORDER BY a.name",
        Rows.USER, i.id());
    return new Issue(i.id(), i.repoId(), i.number(), i.pullRequest(), i.title(), i.body(), i.state(), i.author(),
        assignees, i.comments(), i.created(), i.updated(), i.closedAt());
  }

  static Optional<PullRequest> pull(Sql sql, Issue issue) throws SQLException {
    if (!issue.pullRequest()) {
      return Optional.empty();
    }
    Optional<Object[]> row = sql.one(
        "SELECT head_branch, base_branch, head_sha, merged, merge_sha, merged_by, merged_at FROM pulls WHERE issue_id = ?",
        rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0, rs.getString(5),
            rs.getObject(6) == null ? null : rs.getLong(6), Rows.instant(rs, "merged_at")},
        issue.id());
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = row.get();
    User mergedBy = null;
    if (r[5] != null) {
      mergedBy = sql.one("SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.id = ?", Rows.USER, r[5]).orElse(null);
    }
    List<User> reviewers = requests(sql, issue.id()).stream().map(ReviewRequest::reviewer).toList();
    return Optional.of(new PullRequest(issue, (String) r[0], (String) r[1], (String) r[2], (Boolean) r[3],
        (String) r[4], mergedBy, (Instant) r[6], reviewers));
  }

  static List<ReviewRequest> requests(Sql sql, long issueId) throws SQLException {
    return sql.list(
        "SELECT rr.issue_id, i.number, " + Rows.USER_COLUMNS + ", rr.created FROM review_requests rr "
            + "JOIN accounts a ON a.id = rr.user_id JOIN issues i ON i.id = rr.issue_id WHERE rr.issue_id = ? ORDER BY a.name",
        rs -> new ReviewRequest(rs.getLong(1), rs.getLong(2),
            new User(rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7) != 0,
                Instant.ofEpochMilli(rs.getLong(8))),
            Instant.ofEpochMilli(rs.getLong(9))),
        issueId);
  }

  static List<Comment> comments(Sql sql, long issueId) throws SQLException {
    return sql.list(COMMENT_SELECT + "WHERE c.issue_id = ? ORDER BY c.id", Loader::commentRow, issueId);
  }

  static Optional<Comment> comment(Sql sql, long commentId) throws SQLException {
    return sql.one(COMMENT_SELECT + "WHERE c.id = ?", Loader::commentRow, commentId);
  }

  static List<Review> reviews(Sql sql, long issueId) throws SQLException {
    return sql.list(REVIEW_SELECT + "WHERE r.issue_id = ? ORDER BY r.id", Loader::reviewRow, issueId);
  }

  static Optional<Review> review(Sql sql, long reviewId) throws SQLException {
    return sql.one(REVIEW_SELECT + "WHERE r.id = ?", Loader::reviewRow, reviewId);
  }

  static Issue issueRow(ResultSet rs) throws SQLException {
    User author = new User(rs.getLong(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getInt(15) != 0,
        Instant.ofEpochMilli(rs.getLong(16)));
    return new Issue(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4) != 0, rs.getString(5), rs.getString(6),
        rs.getString(7), author, List.of(), rs.getInt(17), Instant.ofEpochMilli(rs.getLong(8)),
        Instant.ofEpochMilli(rs.getLong(9)), Rows.instant(rs, "closed_at"));
  }

  private static Comment commentRow(ResultSet rs) throws SQLException {
    User author = new User(rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9) != 0,
        Instant.ofEpochMilli(rs.getLong(10)));
    return new Comment(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), author, rs.getString(11),
        Instant.ofEpochMilli(rs.getLong(12)), Instant.ofEpochMilli(rs.getLong(13)));
  }

  private static Review reviewRow(ResultSet rs) throws SQLException {
    User reviewer = new User(rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9) != 0,
        Instant.ofEpochMilli(rs.getLong(10)));
    return new Review(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), reviewer,
        ReviewState.valueOf(rs.getString(11)), rs.getString(12), rs.getString(13),
        Instant.ofEpochMilli(rs.getLong(14)), Instant.ofEpochMilli(rs.getLong(15)));
  }
}
