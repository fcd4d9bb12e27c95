package dev.tidings.plugin.hub;

/** A test subscriber whose messages all go through an {@link Outbox} (sessions do this in production). */
interface OutboxSubscriber extends Subscriber, OutboxDelivery {}
