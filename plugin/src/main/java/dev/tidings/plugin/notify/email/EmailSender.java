package dev.tidings.plugin.notify.email;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Directory;
import dev.samplehost.api.UserRef;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.lifecycle.Phase;
import dev.tidings.plugin.lifecycle.Workers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: every {@code email.pollInterval} it claims the due rows (immediate ones at
 * once, daily ones at the digest hour), re-checks each user's mode, address and read access right
 * before sending (a row that fails a check is dropped and counted), sends one email per immediate
 * update and one digest per user, and marks the rows sent. A failed send is retried with doubling
 * delays up to {@code email.retry.maxAttempts}; after the first failure of a pass the rest of the
 * pass is put back for later too (the server is likely down). Logs never carry addresses.
 */
@Singleton
public final class EmailSender implements Managed {

  private static final Logger log = LoggerFactory.getLogger(EmailSender.class);
  private static final int CLAIM = 200;
  private static final Duration KEEP_SENT = Duration.ofDays(7);

  private final EmailSettings settings;
  private final EmailStore store;
  private final SmtpMailer mailer;
  private final MailComposer composer;
  private final Directory directory;
  private final AccessControl access;
  private final EmailMetrics metrics;
  /** This sender's name on its claims (one per process start). */
  private final String id = "sender-" + UUID.randomUUID();
  private ScheduledExecutorService timer;
  private long lastPrune;

  @Inject
  public EmailSender(EmailSettings settings, EmailStore store, SmtpMailer mailer, MailComposer composer,
      Directory directory, AccessControl access, EmailMetrics metrics) {
    this.settings = settings;
    this.store = store;
    this.mailer = mailer;
    this.composer = composer;
    this.directory = directory;
    this.access = access;
    this.metrics = metrics;
  }

  @Override
  public Phase phase() {
    return Phase.FEATURES;
  }

  @Override
  public synchronized void start() {
    if (!settings.enabled()) {
      return;
    }
    timer = Workers.timer("email-sender");
    long poll = settings.pollInterval().toMillis();
    timer.scheduleWithFixedDelay(this::passQuietly, poll, poll, TimeUnit.MILLISECONDS);
    log.info("Email notifications on: SMTP {}:{} ({}), daily digests at {}:00 {}", settings.smtpHost(),
        settings.smtpPort(), settings.tls(), settings.digestHour(), settings.digestZone());
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (timer != null) {
      timer.shutdownNow();
      timer.awaitTermination(10, TimeUnit.SECONDS);
      timer = null;
    }
  }

  /** Runs a pass soon (e.g. after the digests were made due), without waiting for the next poll. */
  public synchronized void wake() {
    if (timer != null) {
      timer.execute(this::passQuietly);
    }
  }

  private void passQuietly() {
    // Jakarta Mail and Activation look some parts up through the context class loader: ours.
    Thread.currentThread().setContextClassLoader(EmailSender.class.getClassLoader());
    try {
      pass(System.currentTimeMillis());
    } catch (InterruptedException e) {
      // stop() in the middle of a pass: what it had claimed is sent once the claim runs out.
      Thread.currentThread().interrupt();
      log.info("An email pass was stopped; rows it had claimed are sent after email.claimTimeout");
    } catch (Exception e) {
      log.warn("An email pass failed; the rows stay in the outbox: {}", Redact.addresses(describe(e)));
    }
  }

  /** One pass at {@code now}: claims what is due and sends it; returns the emails sent. */
  int pass(long now) throws Exception {
    if (now - lastPrune > TimeUnit.HOURS.toMillis(1)) {
      lastPrune = now;
      store.pruneSent(now - KEEP_SENT.toMillis(), 5_000).get(60, TimeUnit.SECONDS);
    }
    if (!store.anyDue(now)) {
      return 0;
    }
    List<OutboxRow> rows = store.claim(id, now, settings.claimTimeout().toMillis(), CLAIM).get(60, TimeUnit.SECONDS);
    Map<Long, List<OutboxRow>> byUser = new LinkedHashMap<>();
    for (OutboxRow r : rows) {
      byUser.computeIfAbsent(r.userId(), k -> new ArrayList<>()).add(r);
    }
    int sent = 0;
    boolean down = false;
    for (Map.Entry<Long, List<OutboxRow>> e : byUser.entrySet()) {
      List<OutboxRow> mine = e.getValue();
      if (down) {
        retry(mine, now);
        continue;
      }
      List<OutboxRow> ok = checked(e.getKey(), mine);
      if (ok.isEmpty()) {
        continue;
      }
      String to = directory.user(ok.get(0).login()).map(UserRef::email).orElseThrow();
      List<OutboxRow> daily = new ArrayList<>();
      for (OutboxRow r : ok) {
        if (r.mode() == EmailMode.DAILY) {
          daily.add(r);
        } else if (!down) {
          down = !deliver(List.of(r), composer.single(to, r), now);
          sent += down ? 0 : 1;
        } else {
          retry(List.of(r), now);
        }
      }
      if (!daily.isEmpty()) {
        if (!down) {
          down = !deliver(daily, composer.digest(to, e.getKey(), daily), now);
          sent += down ? 0 : 1;
        } else {
          retry(daily, now);
        }
      }
    }
    return sent;
  }

  /** The rows still to send: the user still wants email, has an address, and can read each repository. */
  private List<OutboxRow> checked(long userId, List<OutboxRow> rows) throws Exception {
    if (store.mode(userId) == EmailMode.OFF) {
      drop(rows, EmailMetrics.Drop.UNSUBSCRIBED);
      return List.of();
    }
    Optional<UserRef> user = directory.user(rows.get(0).login());
    if (user.isEmpty() || user.get().id() != userId || user.get().email() == null || user.get().email().isBlank()) {
      drop(rows, EmailMetrics.Drop.NO_ADDRESS);
      return List.of();
    }
    List<OutboxRow> ok = new ArrayList<>();
    List<OutboxRow> denied = new ArrayList<>();
    for (OutboxRow r : rows) {
      (access.canRead(r.login(), r.repoOwner(), r.repoName()) ? ok : denied).add(r);
    }
    drop(denied, EmailMetrics.Drop.NO_ACCESS);
    return ok;
  }

  /** Sends one mail for {@code rows}; false when the SMTP server failed (the rows are put back or given up). */
  private boolean deliver(List<OutboxRow> rows, Mail mail, long now) throws Exception {
    List<Long> ids = rows.stream().map(OutboxRow::id).toList();
    try {
      mailer.send(mail);
    } catch (Exception e) {
      metrics.failure();
      int attempt = rows.stream().mapToInt(OutboxRow::attempts).max().orElse(0) + 1;
      String why = Redact.addresses(describe(e));
      if (e instanceof jakarta.mail.AuthenticationFailedException) {
        // The user is named by its key only: it is often an address; the password never appears.
        log.warn("SMTP authentication at {}:{} failed: check email.smtp.user and email.smtp.password; "
            + "{} notification email update(s) stay in the outbox (attempt {} of {}): {}", settings.smtpHost(),
            settings.smtpPort(), rows.size(), attempt, settings.maxAttempts(), why);
      } else {
        log.warn("Sending a notification email via {}:{} failed; {} update(s) stay in the outbox (attempt {} of {}): {}",
            settings.smtpHost(), settings.smtpPort(), rows.size(), attempt, settings.maxAttempts(), why);
      }
      retry(rows, now);
      return false;
    }
    metrics.sent();
    // After the send: a crash right here sends this one again once the claim expires (at least once).
    store.sent(id, ids, System.currentTimeMillis()).get(60, TimeUnit.SECONDS);
    return true;
  }

  /** The exception and its root cause (a TLS failure hides behind "Could not connect"). */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = e.getClass().getSimpleName() + ": " + e.getMessage();
    return root == e ? top : top + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private void retry(List<OutboxRow> rows, long now) throws Exception {
    List<Long> again = new ArrayList<>();
    List<OutboxRow> giveUp = new ArrayList<>();
    int attempts = 0;
    for (OutboxRow r : rows) {
      if (r.attempts() + 1 >= settings.maxAttempts()) {
        giveUp.add(r);
      } else {
        again.add(r.id());
        attempts = Math.max(attempts, r.attempts() + 1);
      }
    }
    if (!again.isEmpty()) {
      store.retry(id, again, now + settings.backoff(attempts).toMillis()).get(60, TimeUnit.SECONDS);
    }
    if (!giveUp.isEmpty()) {
      log.warn("Giving up {} notification email update(s) after {} attempts", giveUp.size(), settings.maxAttempts());
      drop(giveUp, EmailMetrics.Drop.GAVE_UP);
    }
  }

  private void drop(List<OutboxRow> rows, EmailMetrics.Drop reason) throws Exception {
    if (rows.isEmpty()) {
      return;
    }
    store.drop(rows.stream().map(OutboxRow::id).toList()).get(60, TimeUnit.SECONDS);
    metrics.dropped(reason, rows.size());
    log.info("Dropped {} notification email update(s): {}", rows.size(), reason.tag);
  }
}
