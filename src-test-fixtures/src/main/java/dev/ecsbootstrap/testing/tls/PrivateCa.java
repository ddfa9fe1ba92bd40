package dev.ecsbootstrap.testing.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made by the test in a temporary directory, which issues server
 * certificates for names such as {@code *.s3.us-east-1.amazonaws.com}. A wildcard covers exactly
 * one label, as in the certificate S3 presents, so {@code
 * my.dotted.bucket.s3.us-east-1.amazonaws.com} does not match it: that is what the dotted-bucket
 * tests need.
 *
 * <p>The certificates are made by the running JDK's {@code keytool} in a child process: the JDK's
 * public API cannot build an X.509 certificate, and the alternatives (Bouncy Castle, or the JDK's
 * internal {@code sun.security.x509}) are a heavy new dependency or an internal API that needs
 * {@code --add-exports}. keytool ships with every JDK that runs the tests, unlike openssl.
 */
public final class PrivateCa implements AutoCloseable {
  private static final String CA_ALIAS = "ca";
  private static final String SERVER_ALIAS = "server";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path directory;
  private final String password;
  private final Path caKeyStore;
  private final Path caCertificatePem;
  private final Path trustStore;
  private final X509Certificate caCertificate;
  private int issued;

  private PrivateCa(Path directory) {
    this.directory = directory;
    this.password = "ca-" + Long.toHexString(System.nanoTime());
    this.caKeyStore = directory.resolve("ca.p12");
    this.caCertificatePem = directory.resolve("ca.pem");
    this.trustStore = directory.resolve("truststore.p12");
    generateKeyPair(
        caKeyStore,
        CA_ALIAS,
        "CN=ecs-bootstrap test CA",
        "-ext",
        "BC:c=ca:true",
        "-ext",
        "KU:c=keyCertSign,cRLSign",
        "-startdate",
        "-1d",
        "-validity",
        "3");
    keytool(
        caKeyStore,
        "-exportcert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-file",
        caCertificatePem.toString());
    this.caCertificate = readCertificates(caCertificatePem).get(0);
    writeTrustStore();
  }

  /** A new CA in a new temporary directory, which {@link #close()} deletes. */
  public static PrivateCa create() {
    try {
      return new PrivateCa(Files.createTempDirectory("private-ca-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the CA", e);
    }
  }

  /** The CA certificate as PEM, for curl's {@code --cacert} or {@code CURL_CA_BUNDLE}. */
  public Path caCertificatePem() {
    return caCertificatePem;
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /**
   * A PKCS12 trust store holding only the CA certificate, for a JVM: {@code
   * -Djavax.net.ssl.trustStore=<path> -Djavax.net.ssl.trustStorePassword=<password>
   * -Djavax.net.ssl.trustStoreType=PKCS12}.
   */
  public Path trustStore() {
    return trustStore;
  }

  public String trustStorePassword() {
    return password;
  }

  /** Trust managers that trust this CA only, e.g. for an SDK HTTP client's trust provider. */
  public TrustManager[] trustManagers() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(caOnlyStore());
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build trust managers for the test CA", e);
    }
  }

  /**
   * Issues a server certificate for {@code names} (DNS names, wildcards allowed; an IPv4 literal
   * becomes an IP address entry), signed by this CA.
   */
  public synchronized ServerCertificate issueServerCertificate(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    int serial = ++issued;
    Path keyStore = directory.resolve("server-" + serial + ".p12");
    Path request = directory.resolve("server-" + serial + ".csr");
    Path certificate = directory.resolve("server-" + serial + ".pem");
    String subjectAlternativeNames =
        names.stream()
            .map(name -> (IPV4.matcher(name).matches() ? "ip:" : "dns:") + name)
            .collect(Collectors.joining(","));
    generateKeyPair(keyStore, SERVER_ALIAS, "CN=" + names.get(0));
    keytool(keyStore, "-certreq", "-alias", SERVER_ALIAS, "-file", request.toString());
    keytool(
        caKeyStore,
        "-gencert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-infile",
        request.toString(),
        "-outfile",
        certificate.toString(),
        "-ext",
        "SAN=" + subjectAlternativeNames,
        "-ext",
        "EKU=serverAuth",
        "-ext",
        "KU=digitalSignature",
        "-startdate",
        "-1d",
        "-validity",
        "3");
    // The key pair keytool made, now with the chain the CA signed: what a TLS server presents.
    try {
      KeyStore store = load(keyStore);
      Key key = store.getKey(SERVER_ALIAS, password.toCharArray());
      X509Certificate leaf = readCertificates(certificate).get(0);
      store.setKeyEntry(
          SERVER_ALIAS, key, password.toCharArray(), new Certificate[] {leaf, caCertificate});
      try (OutputStream out = Files.newOutputStream(keyStore)) {
        store.store(out, password.toCharArray());
      }
      return new ServerCertificate(
          keyStore, password, List.copyOf(names), leaf, (PrivateKey) key, caCertificate);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot assemble the server key store", e);
    }
  }

  /** Deletes the directory with every key and certificate. */
  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  /** A server's key and certificate chain, as a PKCS12 key store and as a ready SSLContext. */
  public static final class ServerCertificate {
    private final Path keyStore;
    private final String password;
    private final List<String> names;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final X509Certificate issuer;

    private ServerCertificate(
        Path keyStore,
        String password,
        List<String> names,
        X509Certificate certificate,
        PrivateKey privateKey,
        X509Certificate issuer) {
      this.keyStore = keyStore;
      this.password = password;
      this.names = names;
      this.certificate = certificate;
      this.privateKey = privateKey;
      this.issuer = issuer;
    }

    /** PKCS12, key and chain under one alias, protected by {@link #keyStorePassword()}. */
    public Path keyStore() {
      return keyStore;
    }

    public String keyStorePassword() {
      return password;
    }

    public List<String> names() {
      return names;
    }

    public X509Certificate certificate() {
      return certificate;
    }

    public KeyManager[] keyManagers() {
      try {
        KeyStore store = emptyPkcs12();
        store.setKeyEntry(
            SERVER_ALIAS,
            privateKey,
            password.toCharArray(),
            new Certificate[] {certificate, issuer});
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password.toCharArray());
        return factory.getKeyManagers();
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot build key managers for the server certificate", e);
      }
    }

    /** A TLS context that presents this certificate, e.g. for an HttpsServer. */
    public SSLContext sslContext() {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(), null, null);
        return context;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot build a TLS context", e);
      }
    }

    @Override
    public String toString() {
      return "ServerCertificate" + names;
    }
  }

  private KeyStore load(Path path) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  /** A PKCS12 store holding the CA certificate alone: what trusts this CA and nothing else. */
  private KeyStore caOnlyStore() throws GeneralSecurityException, IOException {
    KeyStore store = emptyPkcs12();
    store.setCertificateEntry(CA_ALIAS, caCertificate);
    return store;
  }

  private static KeyStore emptyPkcs12() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private void writeTrustStore() {
    try {
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        caOnlyStore().store(out, password.toCharArray());
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write the trust store", e);
    }
  }

  private static List<X509Certificate> readCertificates(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      return certificates;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read certificates from " + pem, e);
    }
  }

  /** An EC P-256 key pair with a self-signed certificate under {@code alias}, in a new PKCS12. */
  private void generateKeyPair(Path keyStore, String alias, String dname, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-storetype",
                "PKCS12"));
    arguments.addAll(List.of(more));
    keytool(keyStore, arguments.toArray(String[]::new));
  }

  /** Runs keytool {@code arguments} (the command first) on {@code keyStore}, opened with ours. */
  private void keytool(Path keyStore, String... arguments) {
    List<String> command = new ArrayList<>(List.of(arguments));
    command.addAll(List.of("-keystore", keyStore.toString(), "-storepass", password));
    keytool(command.toArray(String[]::new));
  }

  /** Runs the JDK's keytool; its output goes into the exception, never a password. */
  private static void keytool(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.add("-noprompt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      process.getInputStream().transferTo(output);
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + arguments[0] + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool "
                + arguments[0]
                + " exited "
                + process.exitValue()
                + ": "
                + output.toString(StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
