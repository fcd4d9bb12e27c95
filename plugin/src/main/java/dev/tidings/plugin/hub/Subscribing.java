package dev.tidings.plugin.hub;

/**
 * A subscription registered but not yet started: the caller sends {@link #start()} (its
 * {@code subscribed} answer) and then calls {@link Hub#begin}, which goes live or queues the
 * replay, so that answer always precedes the first event. Live events arriving in between are
 * buffered by the subscription. {@code replayUpTo} is negative when no replay follows.
 */
public record Subscribing(Subscription subscription, SubscribeStart start, long replayUpTo, ReplayHold hold) {}
