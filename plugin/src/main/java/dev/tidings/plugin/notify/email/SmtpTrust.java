package dev.tidings.plugin.notify.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code email.smtp.trustedCertificates}: a PEM file of the certificates (a private CA, or the
 * relay's own self-signed one) that the SMTP server's TLS certificate must chain to, instead of the
 * JVM's trust store. The server's name is still checked against its certificate.
 */
final class SmtpTrust {

  static final String KEY = "email.smtp.trustedCertificates";

  private SmtpTrust() {}

  /** The certificates of {@code pem}; a missing, unreadable or empty file names the setting. */
  static Collection<? extends Certificate> certificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("tidings setting " + KEY + ": no certificate in " + pem);
      }
      return certs;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("tidings setting " + KEY + ": cannot read PEM certificates from " + pem
          + " (" + e.getMessage() + ")", e);
    }
  }

  /** A TLS socket factory trusting exactly the certificates of {@code pem}. */
  static SSLSocketFactory socketFactory(Path pem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates(pem)) {
        store.setCertificateEntry("smtp-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("tidings setting " + KEY + ": " + e.getMessage(), e);
    }
  }
}
