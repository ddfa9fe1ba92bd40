package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's net.ParseCIDR, as the agent's Go 1.25 has it (netip.ParseAddr, no zone, net.dtoi for the
 * prefix). Each expectation was produced by running that code in Go over the same text.
 */
class GoCidrTest {
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "0.0.0.0/0",
        // The ends of each character range: decimal digits, lower- and upper-case hex.
        "9.9.9.9/32",
        "a:f:A:F:0:9::/128",
        "255.255.255.255/32",
        "1.2.3.4/032",
        "1.2.3.4/000000000032",
        "1.2.3.0/8",
        "::/0",
        "::/128",
        "::1/128",
        "fe80::1/64",
        "2001:db8::/32",
        "2001:DB8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0001/128",
        "2001:db8:0:0:0:0:0:1/128",
        "1:2:3:4:5:6:7::/128",
        "::1:2:3:4:5:6:7/128",
        "::ffff:1.2.3.4/128",
        "::ffff:1.2.3.4/96",
        "::1.2.3.4/128",
        "1:2:3:4:5:6:1.2.3.4/128",
        "1::1.2.3.4/128",
        "1:2:3:4:5:6:7:8/128",
        "1:2:3:4:5:6:7:8/64",
        "fe80::/10",
        "::ffff:1.2.3.4/33"
      })
  void acceptsWhatGoParsesAsACidr(String text) {
    assertThat(GoCidr.isValid(text)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "1.2.3.4/33",
        "1.2.3.4/",
        "1.2.3.4",
        "1.2.3.4/+8",
        "1.2.3.4/8/9",
        "1.2.3.4/ 8",
        " 1.2.3.4/8",
        "01.2.3.4/8",
        "1.2.3.04/8",
        "256.0.0.0/8",
        "1.2.3/8",
        "1.2.3.4.5/8",
        "1..3.4/8",
        ".1.2.3/8",
        "1.2.3./8",
        "1.2.3.4:80/8",
        "a.b.c.d/8",
        "localhost/8",
        "/8",
        "",
        "::/129",
        "fe80::1%eth0/64",
        "fe80::1%/64",
        "%eth0/64",
        "2001:db8:0:0:0:0:0:0:1/128",
        "1:2:3:4:5:6:7:8::/128",
        "::1:2:3:4:5:6:7:8/128",
        "1::2::3/64",
        ":::/64",
        "1:/64",
        ":1/64",
        "1:2:3:4:5:6:7:8:/128",
        "12345::/16",
        "1:2:3:4:5:1.2.3.4/128",
        "1:2:3:4:5:6:7:1.2.3.4/128",
        "1:2:3:4:5:6:7::1.2.3.4/128",
        "::ffff:01.2.3.4/128",
        "::ffff:a.2.3.4/128",
        "::ffff:1.2.3/128",
        "::ffff:1.2.3.4.5/128",
        "::1.2.3.4:5/128",
        "1.2.3.4::/8",
        "::g/64",
        "1:2:3:4:5:6:7/128",
        "::ffff:256.1.1.1/128",
        "\u0661.2.3.4/8",
        "1.2.3.4/\u0668",
        "1.2.3.4/99999999999",
        // Not an address at all, under the shortest prefix.
        "x/0",
        "10.0.0/0",
        // Nine groups; and '::' beside eight groups' worth (six and an IPv4 tail) stands for none.
        "1:2:3:4:5:6:7:8:9/128",
        "::2:3:4:5:6:7:1.2.3.4/128"
      })
  void rejectsWhatGoDoesNotParseAsACidr(String text) {
    assertThat(GoCidr.isValid(text)).isFalse();
  }
}
