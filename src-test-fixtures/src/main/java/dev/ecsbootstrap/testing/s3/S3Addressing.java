package dev.ecsbootstrap.testing.s3;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a request points, decoded as S3 does from the Host header and the path: virtual-hosted when
 * Host is {@code <bucket>.s3[.<region>].amazonaws.com}, else path-style ({@code /<bucket>/<key>})
 * on any host. {@code hostRegion} is the region the Host names, or null.
 */
record S3Addressing(String bucket, String rawKey, String hostRegion, boolean virtualHosted) {
  private static final Pattern VIRTUAL_REGIONAL =
      Pattern.compile("(.+)\\.s3\\.([a-z0-9-]+)\\.amazonaws\\.com");
  private static final Pattern VIRTUAL_GLOBAL = Pattern.compile("(.+)\\.s3\\.amazonaws\\.com");
  private static final Pattern PATH_REGIONAL =
      Pattern.compile("s3\\.([a-z0-9-]+)\\.amazonaws\\.com");

  static S3Addressing of(String hostHeader, String rawPath) {
    String host = hostWithoutPort(hostHeader == null ? "" : hostHeader).toLowerCase(Locale.ROOT);
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    Matcher regional = PATH_REGIONAL.matcher(host);
    if (regional.matches()) {
      return pathStyle(path, regional.group(1));
    }
    if (host.equals("s3.amazonaws.com")) {
      return pathStyle(path, null);
    }
    Matcher virtual = VIRTUAL_REGIONAL.matcher(host);
    if (virtual.matches() && !virtual.group(1).isEmpty()) {
      return new S3Addressing(virtual.group(1), path.substring(1), virtual.group(2), true);
    }
    Matcher global = VIRTUAL_GLOBAL.matcher(host);
    if (global.matches()) {
      return new S3Addressing(global.group(1), path.substring(1), null, true);
    }
    return pathStyle(path, null);
  }

  private static S3Addressing pathStyle(String path, String hostRegion) {
    String rest = path.substring(1);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    return new S3Addressing(bucket.isEmpty() ? null : bucket, key, hostRegion, false);
  }

  /** The backend's path-style path for this bucket and key. */
  String pathStylePath() {
    if (bucket == null) {
      return "/";
    }
    return "/" + bucket + (rawKey.isEmpty() ? "" : "/" + rawKey);
  }

  static String hostWithoutPort(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      int close = hostHeader.indexOf(']');
      return close < 0 ? hostHeader : hostHeader.substring(0, close + 1);
    }
    int colon = hostHeader.lastIndexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }
}
