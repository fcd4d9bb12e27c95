package dev.samplehost.server.service;

import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.Repository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lists issues and pull requests of a repository: turns an {@link IssueFilter} into SQL and pages the result. */
@Singleton
public class IssueSearch {
  private final Database db;

  @Inject
  IssueSearch(Database db) {
    this.db = db;
  }

  /** One page of issues and/or pull requests matching {@code filter}; unknown filter users give 404. */
  public Page<Issue> list(Repository repo, IssueFilter filter) {
    StringBuilder where = new StringBuilder("WHERE i.repo_id = ?");
    List<Object> params = new ArrayList<>();
    params.add(repo.id());
    String state = filter.state() == null ? "open" : filter.state().toLowerCase(Locale.ROOT);
    if (!"all".equals(state)) {
      where.append(" AND i.state = ?");
      params.add("closed".equals(state) ? "closed" : "open");
    }
    if (filter.pulls() != null) {
      where.append(" AND i.is_pull = ?");
      params.add(filter.pulls() ? 1 : 0);
    }
    if (filter.createdBy() != null) {
      where.append(" AND i.poster_id = ?");
      params.add(userId(filter.createdBy()));
    }
    if (filter.assignedTo() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM assignees x WHERE x.issue_id = i.id AND x.user_id = ?)");
      params.add(userId(filter.assignedTo()));
    }
    if (filter.mentioned() != null) {
      userId(filter.mentioned());
      String pattern = "%@" + filter.mentioned() + "%";
      where.append(" AND (i.body LIKE ? OR EXISTS (SELECT 1 FROM comments c WHERE c.issue_id = i.id AND c.body LIKE ?))");
      params.add(pattern);
      params.add(pattern);
    }
    if (filter.keyword() != null && !filter.keyword().isBlank()) {
      where.append(" AND (i.title LIKE ? OR i.body LIKE ?)");
      String pattern = "%" + filter.keyword().trim() + "%";
      params.add(pattern);
      params.add(pattern);
    }
    if (filter.since() != null) {
      where.append(" AND i.updated >= ?");
      params.add(filter.since().toEpochMilli());
    }
    if (filter.before() != null) {
      where.append(" AND i.updated <= ?");
      params.add(filter.before().toEpochMilli());
    }
    String order = switch (filter.sort() == null ? "" : filter.sort()) {
      case "oldest" -> "i.created ASC, i.id ASC";
      case "recentupdate" -> "i.updated DESC, i.id DESC";
      case "leastupdate" -> "i.updated ASC, i.id ASC";
      case "mostcomment" -> "n_comments DESC, i.id DESC";
      case "leastcomment" -> "n_comments ASC, i.id DESC";
      default -> "i.created DESC, i.id DESC";
    };
    int limit = filter.limit() <= 0 ? 30 : Math.min(filter.limit(), 50);
    int page = Math.max(filter.page(), 1);
    return db.read(sql -> {
      long total = sql.number("SELECT COUNT(*) FROM issues i " + where, params.toArray());
      List<Object> pageParams = new ArrayList<>(params);
      pageParams.add(limit);
      pageParams.add((long) (page - 1) * limit);
      List<Issue> items = sql.list("SELECT " + Loader.ISSUE_COLUMNS + Loader.ISSUE_FROM + where
          + " ORDER BY " + order + " LIMIT ? OFFSET ?", Loader::issueRow, pageParams.toArray());
      return new Page<>(Loader.withAssignees(sql, items), total);
    });
  }

  private long userId(String login) {
    return db.read(sql -> sql.one("SELECT id FROM accounts WHERE name = ? AND kind = 'user'", rs -> rs.getLong(1), login))
        .orElseThrow(() -> new NotFoundException("user does not exist [name: " + login + "]"));
  }
}
