package dev.tidings.plugin.session;

import dev.tidings.plugin.channel.Channels.Channel;
import dev.tidings.plugin.log.ChannelPosition;

/** One channel a request asks for, already checked, and where to resume it (null: from now). */
public record SubscribeRequest(Channel channel, ChannelPosition since) {}
