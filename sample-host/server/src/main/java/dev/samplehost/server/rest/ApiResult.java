package dev.samplehost.server.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status, an optional JSON body (null means no body) and extra headers.
 */
public record ApiResult(int status, Object body, Map<String, String> headers) {

  /** 200 with a JSON body. */
  public static ApiResult ok(Object body) {
    return new ApiResult(200, body, new LinkedHashMap<>());
  }

  /** 201 with a JSON body. */
  public static ApiResult created(Object body) {
    return new ApiResult(201, body, new LinkedHashMap<>());
  }

  /** 204 without a body. */
  public static ApiResult noContent() {
    return new ApiResult(204, null, new LinkedHashMap<>());
  }

  /** {@code status} without a body (Gitea's merge answers 200 with nothing). */
  public static ApiResult empty(int status) {
    return new ApiResult(status, null, new LinkedHashMap<>());
  }

  /** This result with one more header. */
  public ApiResult header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
