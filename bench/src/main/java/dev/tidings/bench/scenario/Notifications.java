package dev.tidings.bench.scenario;

/** Notifications: a push to a repository with many watchers; filled in below. */
public final class Notifications {

  private Notifications() {
  }

  public static void run(Sut sut, String user, String password, String repo, BenchContext ctx) throws Exception {
    throw new UnsupportedOperationException("notification scenario needs NOTIFY's subscription API");
  }
}
