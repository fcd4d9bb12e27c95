package dev.tidings.plugin.notify.email;

/** One email ready to send: the recipient, the subject, both bodies and the one-click unsubscribe URL. */
public record Mail(String to, String subject, String text, String html, String unsubscribeUrl) {}
