package dev.tidings.plugin.notify.store;

/**
 * The one SQL form that differs between SQLite and PostgreSQL in the notification statements:
 * the larger of two values is {@code max(a, b)} in SQLite and {@code greatest(a, b)} in
 * PostgreSQL. A CASE says it in both, for non-null operands (every column here is NOT NULL).
 */
public final class SqlPortable {

  private SqlPortable() {}

  /** The larger of the non-null expressions {@code a} and {@code b}. */
  public static String greater(String a, String b) {
    return "CASE WHEN " + a + " > " + b + " THEN " + a + " ELSE " + b + " END";
  }
}
