package dev.tidings.plugin.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The plugin's JSON answers, errors included: every error body is
 * {@code {"message":...,"code":...}}, plus {@code "field"} when a rejected document names one, plus
 * Gitea's {@code "url"} under {@code /api/v1} (Gitea clients expect it there; they ignore
 * {@code code}).
 */
public final class JsonResponses {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonResponses() {}

  /** Completes the exchange with {@code status} and a JSON body. */
  public static void send(Response response, Callback callback, int status, byte[] json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    SecurityHeaders.json(response);
    response.write(true, ByteBuffer.wrap(json), callback);
  }

  /** Completes the exchange with {@code {"message":message,"code":code}} (code may be null). */
  public static void error(Response response, Callback callback, int status, String code, String message) {
    problem(response, callback, new HttpProblem(status, code, message, null, Map.of()), null);
  }

  /** Answers {@code problem} in the plugin's shape (routes under {@code /plugins/tidings}). */
  public static void problem(Response response, Callback callback, HttpProblem problem) {
    problem(response, callback, problem, null);
  }

  /**
   * Answers {@code problem}: its status and headers, and the body
   * {@code {"message","code"[,"field"][,"url"]}}; {@code giteaUrl} is Gitea's {@code url} value
   * under {@code /api/v1} ({@code <AppURL>api/swagger}), null elsewhere.
   */
  public static void problem(Response response, Callback callback, HttpProblem problem, String giteaUrl) {
    problem.headers().forEach(response.getHeaders()::put);
    send(response, callback, problem.status(), body(problem, giteaUrl));
  }

  /** The error body of {@code problem}. */
  static byte[] body(HttpProblem problem, String giteaUrl) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("message", problem.getMessage());
      if (problem.code() != null) {
        g.writeStringField("code", problem.code());
      }
      if (problem.field() != null) {
        g.writeStringField("field", problem.field());
      }
      if (giteaUrl != null) {
        g.writeStringField("url", giteaUrl);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
