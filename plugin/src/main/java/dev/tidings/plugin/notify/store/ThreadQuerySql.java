package dev.tidings.plugin.notify.store;

import dev.tidings.plugin.notify.Reason;
import dev.tidings.plugin.notify.ThreadStatus;
import dev.tidings.plugin.store.SqlIn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The SQL pieces of thread queries: the selected columns, a {@link ThreadQuery}'s WHERE and its binding, the row mapping. */
final class ThreadQuerySql {

  static final String COLUMNS = "id, user_id, user_login, subject_key, subject_type, subject_number, subject_title, "
      + "subject_state, subject_url, subject_html_url, latest_comment_url, latest_comment_html_url, repo_id, "
      + "repo_owner, repo_name, reason, status, latest_actor, latest_event, created_at, updated_at";

  private ThreadQuerySql() {}

  static String where(ThreadQuery q, List<Object> args) {
    StringBuilder w = new StringBuilder("user_id = ?");
    args.add(q.userId());
    if (q.repoId() != 0) {
      w.append(" AND repo_id = ?");
      args.add(q.repoId());
    }
    if (!q.statuses().isEmpty()) {
      w.append(" AND status IN (").append(SqlIn.placeholders(q.statuses().size())).append(')');
      q.statuses().stream().map(ThreadStatus::code).sorted().forEach(args::add);
    }
    if (!q.subjectTypes().isEmpty()) {
      w.append(" AND subject_type IN (").append(SqlIn.placeholders(q.subjectTypes().size()))
          .append(')');
      q.subjectTypes().stream().sorted().forEach(args::add);
    }
    // Times on the wire have whole seconds: compare at that precision so that a thread shown as
    // updated at T is inside since=T and before=T.
    if (q.sinceSeconds() != null) {
      w.append(" AND updated_at >= ?");
      args.add(q.sinceSeconds() * 1000);
    }
    if (q.beforeSeconds() != null) {
      w.append(" AND updated_at < ?");
      args.add((q.beforeSeconds() + 1) * 1000);
    }
    return w.toString();
  }

  static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
    int i = 1;
    for (Object a : args) {
      setArg(ps, i++, a);
    }
    return i;
  }

  static void setArg(PreparedStatement ps, int i, Object a) throws SQLException {
    if (a instanceof Long l) {
      ps.setLong(i, l);
    } else if (a instanceof Integer n) {
      ps.setInt(i, n);
    } else {
      ps.setString(i, (String) a);
    }
  }

  static NotificationThread thread(ResultSet rs) throws SQLException {
    return new NotificationThread(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
        rs.getString(12), rs.getLong(13), rs.getString(14), rs.getString(15), Reason.fromWire(rs.getString(16)),
        ThreadStatus.ofCode(rs.getInt(17)), rs.getString(18), rs.getString(19), rs.getLong(20), rs.getLong(21));
  }
}
