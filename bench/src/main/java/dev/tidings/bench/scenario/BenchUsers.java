package dev.tidings.bench.scenario;

import dev.tidings.bench.server.HostApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Distinct users for scenarios that need many: created through the admin API, a token each. */
final class BenchUsers {

  /** What to do as each new user, with their token (e.g. watch a repository). */
  interface Then {
    void as(String login, String token) throws IOException, InterruptedException;
  }

  private BenchUsers() {}

  /**
   * Creates {@code prefix-0 .. prefix-(count-1)} with {@code password}, 4 at a time (each costs the
   * host two password hashes), runs {@code then} as each, and returns their tokens in order.
   */
  static List<String> create(HostApi api, String admin, String prefix, int count, String password, Then then)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String login = prefix + "-" + i;
        futures.add(pool.submit(() -> {
          HostApi.Answer a = api.call("POST", "/api/v1/admin/users", admin, "{\"username\":\"" + login
              + "\",\"email\":\"" + login + "@example.com\",\"password\":\"" + password + "\"}");
          if (!a.ok()) {
            throw new IOException("create " + login + ": HTTP " + a.status() + " " + a.body());
          }
          String token = HostApi.token(api.createToken(login, HostApi.basic(login, password), "bench"));
          then.as(login, token);
          return token;
        }));
      }
      List<String> tokens = new ArrayList<>(count);
      for (Future<String> f : futures) {
        tokens.add(f.get(900, TimeUnit.SECONDS));
      }
      return tokens;
    } finally {
      pool.shutdownNow();
    }
  }
}
