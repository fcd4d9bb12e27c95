package dev.samplehost.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for tests (JDK HttpClient, no redirects followed). */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

  private Http() {}

  /** GET {@code url} with optional extra headers (name, value, name, value...). */
  public static HttpResponse<String> get(String url, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
  }

  /** POST a form body. */
  public static HttpResponse<String> postForm(String url, String form, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    return send(b, headers);
  }

  /** POST a JSON body. */
  public static HttpResponse<String> postJson(String url, String json, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(b, headers);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.timeout(Duration.ofSeconds(30));
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
