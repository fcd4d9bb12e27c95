package dev.tidings.plugin.lifecycle;

/**
 * The start order of the plugin's parts. Storage first (everything reads or writes it), then the
 * event log on it, the hub that fans the log out, the features built on both (notifications,
 * access watchers), then what lets work in from outside (host hooks), and the web routes last, so
 * no request arrives before the parts that answer it are up. Stopping runs the other way.
 */
public enum Phase {
  STORE,
  LOG,
  HUB,
  FEATURES,
  INGRESS,
  WEB
}
