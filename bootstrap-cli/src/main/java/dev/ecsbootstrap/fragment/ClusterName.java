package dev.ecsbootstrap.fragment;

import dev.ecsbootstrap.BootstrapException;
import java.util.regex.Pattern;

/**
 * What ECS_CLUSTER may be set to from a flag: a cluster name (ECS allows letters, digits, '-' and
 * '_', up to 255) or a cluster ARN, both of which the agent accepts. Nothing here can need quoting
 * in a shell script.
 */
public final class ClusterName {
  private static final Pattern NAME_OR_ARN =
      Pattern.compile(
          "[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/[A-Za-z0-9_-]{1,255}");

  private ClusterName() {}

  /** {@code value} unchanged, or a usage error naming {@code flag}. */
  public static String requireValid(String flag, String value) {
    if (!NAME_OR_ARN.matcher(value).matches()) {
      throw BootstrapException.usage(
          flag + " takes a cluster name (letters, digits, '-', '_') or a cluster ARN");
    }
    return value;
  }
}
