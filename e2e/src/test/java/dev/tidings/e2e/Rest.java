package dev.tidings.e2e;

import static dev.tidings.testing.support.BasicAuth.basic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain HTTP calls against the host (REST API, plugin routes) as a given user, with Basic auth. */
public final class Rest {
  /** One HTTP/1.1 client for the whole run; the JDK client's threads are daemons. */
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final E2eHost host;
  private final String user;
  private final String password;

  /** Calls as {@code user}/{@code password}; both null for anonymous calls. */
  public Rest(E2eHost host, String user, String password) {
    this.host = host;
    this.user = user;
    this.password = password;
  }

  /** alice (site admin, owner of alice/demo, member of acme). */
  static Rest alice(E2eHost host) {
    return new Rest(host, "alice", "tidings-alice");
  }

  /** bob (no access to acme/secret). */
  static Rest bob(E2eHost host) {
    return new Rest(host, "bob", "tidings-bob");
  }

  /** Nobody signed in. */
  static Rest anonymous(E2eHost host) {
    return new Rest(host, null, null);
  }

  /** One answer: status, body text and headers. */
  record Answer(int status, String body, HttpHeaders headers) {
    /** The body as JSON (fails the test when it is not JSON). */
    JsonNode json() {
      return Json.parse(body);
    }

    /** A one-line description for assertion messages. */
    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer put(String path, String jsonBody) {
    return send("PUT", path, jsonBody);
  }

  Answer post(String path, String jsonBody) {
    return send("POST", path, jsonBody);
  }

  /** Sends {@code method path} with an optional JSON body and returns the answer (any status). */
  Answer send(String method, String path, String jsonBody) {
    HttpRequest.Builder b = HttpRequest.newBuilder(host.uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    String auth = basic(user, password);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return send(b.build());
  }

  /**
   * Sends {@code method path} with an optional JSON body, fails the test unless the answer is 2xx
   * and returns its JSON body (a JSON null when the body is empty).
   */
  public JsonNode ok(String method, String path, String jsonBody) {
    Answer a = send(method, path, jsonBody);
    if (a.status() < 200 || a.status() > 299) {
      throw new AssertionError(method + " " + path + ": " + a);
    }
    return a.body().isEmpty() ? NullNode.getInstance() : a.json();
  }

  static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The URI of {@code path} on the host. */
  URI uri(String path) {
    return host.uri(path);
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }
}
