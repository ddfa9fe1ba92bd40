package dev.ecsbootstrap.fragment;

/**
 * Whether Go's {@code net.ParseCIDR} (Go 1.25, the toolchain of amazon-ecs-agent HEAD 8dfceca6c,
 * which builds it on {@code net/netip.ParseAddr}) accepts a text: an IPv4 address in dotted decimal
 * without leading zeros, or an IPv6 address (with at most one {@code ::} and an optional embedded
 * IPv4 tail), no zone, then {@code /} and a decimal prefix length of at most 32 or 128. Pure
 * syntax: nothing here resolves a name.
 */
final class GoCidr {
  private GoCidr() {}

  static boolean isValid(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String address = text.substring(0, slash);
    String prefix = text.substring(slash + 1);
    int bits = addressBits(address);
    return bits > 0 && prefixFits(prefix, bits);
  }

  /** 32 or 128 for an address netip.ParseAddr accepts without a zone, else 0. */
  private static int addressBits(String address) {
    // netip.ParseAddr: the first '.', ':' or '%' decides the family; a zone ('%') is refused by
    // ParseCIDR, and IPv4 text cannot contain one.
    if (address.indexOf('%') >= 0) {
      return 0;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == '.') {
        return isIpv4(address) ? 32 : 0;
      }
      if (c == ':') {
        return isIpv6(address) ? 128 : 0;
      }
    }
    return 0;
  }

  /** net.dtoi: one or more ASCII digits (leading zeros allowed), nothing else, at most bits. */
  private static boolean prefixFits(String prefix, int bits) {
    if (prefix.isEmpty()) {
      return false;
    }
    int value = 0;
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      // Saturates: any leading zeros are fine, and no count of digits overflows.
      value = Math.min(value * 10 + (c - '0'), 1000);
    }
    return value <= bits;
  }

  /** netip's parseIPv4Fields: four decimal fields 0..255, none empty, no leading zero. */
  static boolean isIpv4(String text) {
    int fields = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return false;
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return false;
        }
      } else if (c == '.') {
        if (digits == 0 || fields == 3) {
          return false;
        }
        fields++;
        value = 0;
        digits = 0;
      } else {
        return false;
      }
    }
    return fields == 3 && digits > 0;
  }

  /**
   * netip's parseIPv6: groups of 1..4 hex digits separated by ':', at most one '::' standing for at
   * least one zero group, and an IPv4 tail only in place of the last two groups.
   */
  private static boolean isIpv6(String text) {
    String rest = text;
    int groups = 0; // 16-bit groups parsed so far
    boolean ellipsis = false;
    if (rest.startsWith("::")) {
      ellipsis = true;
      rest = rest.substring(2);
      if (rest.isEmpty()) {
        return true;
      }
    }
    while (groups < 8) {
      int digits = 0;
      while (digits < rest.length() && isHex(rest.charAt(digits))) {
        digits++;
        if (digits > 4) {
          return false;
        }
      }
      if (digits == 0) {
        return false;
      }
      if (digits < rest.length() && rest.charAt(digits) == '.') {
        // The tail from this group on is dotted IPv4: at the end, in place of two groups.
        if ((!ellipsis && groups != 6) || groups + 2 > 8) {
          return false;
        }
        if (!isIpv4(rest)) {
          return false;
        }
        groups += 2;
        rest = "";
        break;
      }
      groups++;
      rest = rest.substring(digits);
      if (rest.isEmpty()) {
        break;
      }
      if (rest.charAt(0) != ':' || rest.length() == 1) {
        return false;
      }
      rest = rest.substring(1);
      if (rest.charAt(0) == ':') {
        if (ellipsis) {
          return false;
        }
        ellipsis = true;
        rest = rest.substring(1);
        if (rest.isEmpty()) {
          break;
        }
      }
    }
    if (!rest.isEmpty()) {
      return false;
    }
    // Without '::' all eight groups are needed; with it, it must stand for at least one.
    return ellipsis ? groups < 8 : groups == 8;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
