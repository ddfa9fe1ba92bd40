package dev.ecsbootstrap.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrivateCaTest {
  private static PrivateCa ca;
  private static PrivateCa.ServerCertificate s3Certificate;

  @BeforeAll
  static void issue() {
    ca = PrivateCa.create();
    s3Certificate =
        ca.issueServerCertificate(
            List.of("*.s3.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com"));
  }

  @AfterAll
  static void delete() {
    ca.close();
  }

  @Test
  void caCertificateIsACaAndItsPemFileHoldsIt() throws Exception {
    assertThat(ca.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(Files.readString(ca.caCertificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void serverCertificateNamesTheGivenDnsNamesAndIsSignedByTheCa() throws Exception {
    X509Certificate leaf = s3Certificate.certificate();

    leaf.verify(ca.caCertificate().getPublicKey());
    assertThat(leaf.getSubjectAlternativeNames())
        .extracting(entry -> (Object) entry.get(1))
        .containsExactlyInAnyOrder("*.s3.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
  }

  @Test
  void trustStoreOpensWithItsPasswordAndHoldsOnlyTheCa() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ca.trustStore())) {
      store.load(in, ca.trustStorePassword().toCharArray());
    }

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.getCertificate(store.aliases().nextElement())).isEqualTo(ca.caCertificate());
  }

  @Test
  void wildcardCoversOneLabelOnly() throws Exception {
    try (LoopbackHttpServer server =
        LoopbackHttpServer.startHttps(
            "tls-test",
            s3Certificate.sslContext(),
            (exchange, request, body) ->
                LoopbackHttpServer.respond(exchange, 200, "text/plain", new byte[0]))) {
      int port = server.boundAddress().getPort();

      handshake(port, "bucket.s3.us-east-1.amazonaws.com");
      handshake(port, "s3.us-east-1.amazonaws.com");
      assertThatThrownBy(() -> handshake(port, "my.dotted.bucket.s3.us-east-1.amazonaws.com"))
          .isInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> handshake(port, "s3.eu-west-1.amazonaws.com"))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void certificateForAnIpAddressNamesItAsAnIpAddress() throws Exception {
    PrivateCa.ServerCertificate loopback =
        ca.issueServerCertificate(List.of("localhost", "127.0.0.1"));

    assertThat(loopback.certificate().getSubjectAlternativeNames())
        .extracting(entry -> (Object) entry.get(0))
        .containsExactlyInAnyOrder(2, 7);
  }

  /** TLS to loopback as if to {@code name}, checking the name as an HTTPS client does. */
  private static void handshake(int port, String name) throws Exception {
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, ca.trustManagers(), null);
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      try (SSLSocket tls =
          (SSLSocket) client.getSocketFactory().createSocket(plain, name, port, false)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
      }
    }
  }
}
