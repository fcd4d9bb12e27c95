package dev.tidings.plugin.ops;

import dev.tidings.plugin.config.TidingsConfig;

/**
 * The publish API's settings, read once (docs/configuration.md), defaults in brackets:
 * {@code publish.maxDataBytes} [16384]; {@code publish.userRate} [5/s] and {@code publish.userBurst} [30];
 * {@code publish.repoRate} [10/s] and {@code publish.repoBurst} [60];
 * {@code publish.channelBytesPerSecond} [16384] and {@code publish.channelBytesBurst} [524288].
 */
record PublishSettings(int maxDataBytes, int userRate, int userBurst, int repoRate, int repoBurst,
    int channelBytesPerSecond, int channelBytesBurst) {

  static PublishSettings from(TidingsConfig config) {
    int maxData = Math.max(1, config.getInt("publish.maxDataBytes", 16_384));
    return new PublishSettings(maxData,
        config.getInt("publish.userRate", 5), config.getInt("publish.userBurst", 30),
        config.getInt("publish.repoRate", 10), config.getInt("publish.repoBurst", 60),
        config.getInt("publish.channelBytesPerSecond", 16_384),
        // The burst must hold at least one largest event, or such an event could never be published.
        Math.max(maxData, config.getInt("publish.channelBytesBurst", 524_288)));
  }
}
