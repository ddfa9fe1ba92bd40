package dev.ecsbootstrap.userdata;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.S3Uri;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills a template from {@code userdata-templates/}: a parameter block after the shebang, and the
 * shared library inlined where the template sources it, so the result is one self-contained script.
 */
public final class UserDataRenderer {
  /** The templates there are, by name. */
  public static final List<String> TEMPLATES = List.of("al2023", "al2", "docker-agent");

  /**
   * The templates that take the boot bundle (lib/ecs-optimized.sh). docker-agent installs docker
   * with the package manager anyway, and its user data has no room for the bundle within 16 KB.
   */
  static final List<String> BUNDLE_TEMPLATES = List.of("al2023", "al2");

  private static final String ROOT = "/dev/ecsbootstrap/userdata/";

  /** Inlined only with --rotation: everyone else keeps its bytes of the 16 KB. */
  private static final String ROTATION_LIBRARY = "lib/rotation.sh";

  /** Where a template sources a library: the marker, shellcheck's directive, the source line. */
  private static final Pattern INLINED_LIBRARY =
      Pattern.compile(
          "# ecs-bootstrap:inline (lib/[a-z0-9-]+\\.sh)\n(?:#[^\n]*\n)*source [^\n]*\n");

  private static final Pattern COMMENT_LINE = Pattern.compile("\\s*#(?! shellcheck ).*");

  /** A here-document's start ({@code <<EOF}, {@code <<'EOF'}, {@code <<-EOF}), not {@code <<<}. */
  private static final Pattern HERE_DOCUMENT = Pattern.compile("(?<!<)<<-?\\s*['\"]?(\\w+)['\"]?");

  private static final String LIBRARY_NOTE =
      "# ecs-bootstrap's %s, its comment lines and indentation left out (EC2 user data is at most"
          + " 16 KB).\n";

  private UserDataRenderer() {}

  /** EC2 refuses user data over 16 KB (before base64). */
  static final int EC2_USER_DATA_LIMIT = 16 * 1024;

  public static String render(String template, UserDataParameters parameters, String version) {
    if (parameters.bundle().isPresent() && !BUNDLE_TEMPLATES.contains(template)) {
      throw BootstrapException.usage(
          "--bundle is for the templates " + String.join(" and ", BUNDLE_TEMPLATES) + " only");
    }
    String script = rendered(template, parameters, version);
    int size = script.getBytes(StandardCharsets.UTF_8).length;
    if (size > EC2_USER_DATA_LIMIT) {
      // Only --rotation with S3 keys and names near their longest gets here (a test keeps it so).
      throw BootstrapException.usage(
          "the user data would be "
              + size
              + " bytes, over EC2's limit of "
              + EC2_USER_DATA_LIMIT
              + ": use shorter S3 keys or cluster name, or leave out --rotation");
    }
    return script;
  }

  private static String rendered(String template, UserDataParameters parameters, String version) {
    return withHeader(
        inlined(template, parameters.rotationInterval().isPresent()),
        "# Rendered by ecs-bootstrap "
            + version
            + " render-userdata from template '"
            + template
            + "'. It holds no secret.\n"
            + assignments(parameters));
  }

  /**
   * The same script as a CloudFormation {@code Fn::Sub} body: the parameters are references to the
   * stack's parameters, resources and pseudo parameters, and every other dollar-brace is escaped
   * with '!'. The launch template in cloudformation/ embeds exactly this, which a test keeps true.
   */
  public static String renderForCloudFormation(String template) {
    String body = inlined(template, false).replace("${", "${!");
    return withHeader(
        body,
        "# Rendered by ecs-bootstrap render-userdata --cloudformation from template '"
            + template
            + "'. It holds no secret.\n"
            + "ECS_BOOTSTRAP_CONFIG_URIS='s3://${ConfigBucket}/${FragmentKey}'\n"
            + "ECS_BOOTSTRAP_JAR_URI='s3://${ConfigBucket}/${JarKey}'\n"
            + "ECS_BOOTSTRAP_JAR_SHA256='${JarSha256}'\n"
            + "ECS_BOOTSTRAP_APPLY_FLAGS='--kms-key-id ${ConfigKmsKeyArn} --cluster ${Cluster}'\n"
            // Empty by default: the script then takes the instance's region.
            + "ECS_BOOTSTRAP_JAR_REGION='${JarRegion}'\n"
            // BundleSha256 empty (its default): no bundle, apply runs with Corretto.
            + (BUNDLE_TEMPLATES.contains(template)
                ? "ECS_BOOTSTRAP_BUNDLE_URI='s3://${ConfigBucket}/${BundleKey}'\n"
                    + "ECS_BOOTSTRAP_BUNDLE_SHA256='${BundleSha256}'\n"
                : "")
            // The ASG's creation policy waits for this signal with the boot's real outcome.
            + "ECS_BOOTSTRAP_CFN_SIGNAL='${AWS::StackName} AutoScalingGroup ${AWS::Region}'\n");
  }

  private static String withHeader(String script, String header) {
    int firstNewline = script.indexOf('\n');
    return script.substring(0, firstNewline + 1) + header + script.substring(firstNewline + 1);
  }

  private static String inlined(String template, boolean rotation) {
    if (!TEMPLATES.contains(template)) {
      throw BootstrapException.usage(
          "unknown --template (the value is not shown); choose one of "
              + String.join(", ", TEMPLATES));
    }
    String body = read(template + ".sh");
    Matcher library = INLINED_LIBRARY.matcher(body);
    StringBuilder script = new StringBuilder();
    int end = -1;
    while (library.find()) {
      // The template's header comment stays (it says what the script is); its later comments go.
      String before = body.substring(Math.max(end, 0), library.start());
      script.append(end < 0 ? before : compacted(before));
      if (rotation || !library.group(1).equals(ROTATION_LIBRARY)) {
        script
            .append(LIBRARY_NOTE.formatted(library.group(1)))
            .append(compacted(read(library.group(1))));
      }
      end = library.end();
    }
    if (end < 0) {
      throw new IllegalStateException("template " + template + " has no library marker");
    }
    return script + compacted(body.substring(end));
  }

  private static String assignments(UserDataParameters parameters) {
    return "ECS_BOOTSTRAP_CONFIG_URIS='"
        + parameters.configUris().stream().map(S3Uri::toString).collect(Collectors.joining(" "))
        + "'\n"
        + "ECS_BOOTSTRAP_JAR_URI='"
        + parameters.jarUri()
        + "'\n"
        + "ECS_BOOTSTRAP_JAR_SHA256='"
        + parameters.jarSha256()
        + "'\n"
        + "ECS_BOOTSTRAP_APPLY_FLAGS='"
        + parameters.applyFlags()
        + "'\n"
        + parameters.region().map(region -> "ECS_BOOTSTRAP_REGION='" + region + "'\n").orElse("")
        + parameters
            .jarRegion()
            .map(region -> "ECS_BOOTSTRAP_JAR_REGION='" + region + "'\n")
            .orElse("")
        + parameters
            .bundle()
            .map(
                bundle ->
                    "ECS_BOOTSTRAP_BUNDLE_URI='"
                        + bundle.uri()
                        + "'\nECS_BOOTSTRAP_BUNDLE_SHA256='"
                        + bundle.sha256()
                        + "'\n")
            .orElse("")
        + parameters
            .rotationInterval()
            .map(interval -> "ECS_BOOTSTRAP_ROTATION_SECONDS='" + interval.toSeconds() + "'\n")
            .orElse("")
        // Read by the docker-agent template, which then mounts /etc/ecs into the agent.
        + (parameters.jsonTarget() ? "ECS_BOOTSTRAP_TARGET='json'\n" : "");
  }

  /**
   * Whole-line comments, which explain the source, and indentation go: EC2 takes at most 16 KB of
   * user data (before base64), and they are nearly half of it. shellcheck directives stay, and
   * here-documents stay as they are (they are files the script writes). No quoted string in the
   * templates spans lines, so no indentation is part of a value.
   */
  static String compacted(String script) {
    StringBuilder out = new StringBuilder();
    String hereDocumentEnd = null;
    for (String line : script.lines().toList()) {
      if (hereDocumentEnd != null) {
        out.append(line).append('\n');
        if (line.strip().equals(hereDocumentEnd)) {
          hereDocumentEnd = null;
        }
      } else if (!COMMENT_LINE.matcher(line).matches()) {
        out.append(line.stripLeading()).append('\n');
        Matcher hereDocument = HERE_DOCUMENT.matcher(line);
        if (hereDocument.find()) {
          hereDocumentEnd = hereDocument.group(1);
        }
      }
    }
    return out.toString();
  }

  private static String read(String resource) {
    try (InputStream in = UserDataRenderer.class.getResourceAsStream(ROOT + resource)) {
      if (in == null) {
        throw new IllegalStateException("user-data template missing from the jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
