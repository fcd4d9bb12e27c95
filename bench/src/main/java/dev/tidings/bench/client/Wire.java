package dev.tidings.bench.client;

/** The transport under one load-client connection: send text, close, and stop or resume reading. */
interface Wire {

  void sendText(String text);

  void close(int code);

  void pauseReading();

  void resumeReading();

  boolean isOpen();
}
