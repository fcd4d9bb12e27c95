package dev.samplehost.server.web;

import dev.samplehost.server.domain.User;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One web request being served: the Jetty triple, the viewer and the path split into segments. */
record PageRequest(Request request, Response response, Callback callback, Viewer.Who who, String[] segments) {

  User user() {
    return who.user();
  }

  String login() {
    return who.user() == null ? null : who.user().login();
  }

  String csrf() {
    return who.csrf();
  }

  String method() {
    return request.getMethod();
  }

  boolean isPost() {
    return "POST".equals(request.getMethod());
  }

  String query(String name) {
    return Request.extractQueryParameters(request).getValue(name);
  }
}
