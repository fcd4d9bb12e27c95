package dev.tidings.plugin.cluster.redis;

/**
 * What Redis stores next to an event's data: id, type, time and repository (null for none), as
 * one tab-separated string. The type goes last so that it may hold any character; ids, times and
 * repository names never hold a tab. The wire envelope is built from these by the node that
 * delivers the event, with the same {@code log.Envelopes} as the single-node log.
 */
public record EventHeader(String id, String type, long timestamp, String repository) {

  public String encode() {
    return id + '\t' + timestamp + '\t' + (repository == null ? "" : repository) + '\t' + type;
  }

  public static EventHeader decode(String header) {
    String[] f = header.split("\t", 4);
    if (f.length != 4) {
      throw new IllegalArgumentException("Not an event header: " + header);
    }
    return new EventHeader(f[0], f[3], Long.parseLong(f[1]), f[2].isEmpty() ? null : f[2]);
  }
}
