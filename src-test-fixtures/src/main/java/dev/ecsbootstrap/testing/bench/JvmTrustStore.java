package dev.ecsbootstrap.testing.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * A trust store holding the running JDK's {@code cacerts} roots plus one extra CA: what a JVM on an
 * instance loads (every public root) with the benchmark's private CA added, so a JVM pointed at it
 * through {@code -Djavax.net.ssl.trustStore} parses a trust store of the same size as in
 * production, not a one-certificate store that would make TLS set-up look cheaper than it is. In
 * the same form, too: JKS, read without a password, as Amazon Linux's {@code /etc/pki/java/cacerts}
 * (p11-kit's java-cacerts) is by a JVM with no trust-store settings. A password-protected PKCS12
 * store would add an integrity check (PBKDF2) that no instance pays.
 */
final class JvmTrustStore {
  /**
   * The well-known password of every JDK's {@code cacerts}; the JVM reads certificates without it.
   */
  static final String PASSWORD = "changeit";

  private static final char[] CACERTS_PASSWORD = PASSWORD.toCharArray();

  private JvmTrustStore() {}

  /** Writes the store to {@code target}; returns how many certificates it holds. */
  static int write(Path target, X509Certificate extraCa) {
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
      try (InputStream in = Files.newInputStream(cacerts)) {
        roots.load(in, CACERTS_PASSWORD);
      }
      for (String alias : Collections.list(roots.aliases())) {
        if (roots.isCertificateEntry(alias)) {
          store.setCertificateEntry(alias, roots.getCertificate(alias));
        }
      }
      store.setCertificateEntry("ecs-bootstrap-bench-ca", extraCa);
      try (OutputStream out = Files.newOutputStream(target)) {
        store.store(out, CACERTS_PASSWORD);
      }
      return store.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trust store " + target, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the trust store from " + cacerts, e);
    }
  }
}
