package dev.samplehost.api;

/** How a request proved who it is; browsers use the session cookie, other clients a header. */
public enum AuthMethod {
  ANONYMOUS, SESSION_COOKIE, BASIC_PASSWORD, TOKEN
}
