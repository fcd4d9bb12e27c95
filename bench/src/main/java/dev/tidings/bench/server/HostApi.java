package dev.tidings.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The few calls the bench makes to the sample host's REST API (tokens, users, watching). */
public final class HostApi {

  /** An HTTP answer: status and body. */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public HostApi(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static String token(String token) {
    return "token " + token;
  }

  public Answer call(String method, String path, String authorization, String jsonBody)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  /** Creates a personal access token for {@code user} (authenticated as {@code admin}); returns its secret. */
  public String createToken(String user, String authorization, String name) throws IOException, InterruptedException {
    Answer a = call("POST", "/api/v1/users/" + user + "/tokens", authorization,
        "{\"name\":\"" + name + "\",\"scopes\":[\"all\"]}");
    if (!a.ok()) {
      throw new IOException("token for " + user + ": HTTP " + a.status() + " " + a.body());
    }
    JsonNode n = JSON.readTree(a.body());
    String sha = n.path("sha1").asText("");
    if (sha.isEmpty()) {
      throw new IOException("token answer without sha1: " + a.body());
    }
    return sha;
  }

  /** Waits until the demo user can sign in (the port may accept before the demo data exists); then makes a token. */
  public String readyToken(String user, String password, Duration timeout) throws IOException, InterruptedException {
    String basic = basic(user, password);
    if (!awaitOk("/api/v1/user", basic, timeout)) {
      throw new IOException("the host did not accept " + user + "'s password within " + timeout);
    }
    return token(createToken(user, basic, "bench-" + System.nanoTime()));
  }

  /** Polls {@code path} until it answers 2xx; false after the timeout. */
  public boolean awaitOk(String path, String authorization, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (call("GET", path, authorization, null).ok()) {
          return true;
        }
      } catch (IOException notYet) {
        // keep polling
      }
      Thread.sleep(100);
    }
    return false;
  }
}
