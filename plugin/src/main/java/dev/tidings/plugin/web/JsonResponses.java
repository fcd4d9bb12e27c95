package dev.tidings.plugin.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small JSON HTTP answers: every error is {@code {"message":...,"code":...}} with the right status. */
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
    send(response, callback, status, errorBody(code, message));
  }

  /** The bytes of {@code {"message":message,"code":code}}. */
  public static byte[] errorBody(String code, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("message", message);
      if (code != null) {
        g.writeStringField("code", code);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
