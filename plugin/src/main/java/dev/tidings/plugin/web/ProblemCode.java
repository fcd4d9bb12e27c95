package dev.tidings.plugin.web;

/**
 * Every {@code code} a JSON error of the plugin's HTTP routes carries, in one list. Codes the
 * WebSocket protocol also sends ({@code hub.ErrorCode}) have the same spelling here, so a client
 * handles {@code rate_limited} or {@code forbidden} the same way whichever transport answered.
 */
public enum ProblemCode {
  /** A malformed request: parameters, query, method the transport cannot take. */
  BAD_REQUEST("bad_request"),
  /** A request body that is not the JSON object the route expects. */
  BAD_JSON("bad_json"),
  /** A channel name that is malformed or of a kind the route does not take. */
  BAD_CHANNEL("bad_channel"),
  /** An event name outside {@code ci.*} and {@code custom.*}. */
  BAD_NAME("bad_name"),
  /** A core event name that only the server may publish. */
  RESERVED_NAME("reserved_name"),
  /** A well-formed value the route rejects (422); the error names the field when it can. */
  INVALID("invalid"),
  /** No credentials, or wrong ones. */
  UNAUTHENTICATED("unauthenticated"),
  /** The credentials of a held request were revoked while it waited. */
  CREDENTIALS_REVOKED("credentials_revoked"),
  /** Signed in, but not allowed (permission or token scope). */
  FORBIDDEN("forbidden"),
  /** No such resource, or one the caller may not know exists. */
  NOT_FOUND("not_found"),
  /** The path exists but not for this method ({@code Allow} names the methods). */
  METHOD_NOT_ALLOWED("method_not_allowed"),
  /** A request body or value above its size limit. */
  TOO_LARGE("too_large"),
  /** A protocol version (WebSocket subprotocol or {@code Tidings-Protocol} header) the server does not speak. */
  UNSUPPORTED_VERSION("unsupported_version"),
  /** A rate limit answered a wait ({@code Retry-After}). */
  RATE_LIMITED("rate_limited"),
  /** Too many open connections for the user, the address or anonymous callers. */
  TOO_MANY_CONNECTIONS("too_many_connections"),
  /** More channels in one request than a connection may hold. */
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions"),
  /** A server fault; retrying later may help. */
  INTERNAL("internal"),
  /** A part the answer depends on (the database) is stopped or far behind; retry later. */
  UNAVAILABLE("unavailable");

  private final String code;

  ProblemCode(String code) {
    this.code = code;
  }

  /** The wire spelling, e.g. {@code rate_limited}. */
  public String code() {
    return code;
  }
}
