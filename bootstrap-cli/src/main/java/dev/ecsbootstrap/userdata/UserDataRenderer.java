package dev.ecsbootstrap.userdata;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.aws.S3Uri;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills a template from {@code userdata-templates/}: a parameter block after the shebang, and the
 * shared library inlined where the template sources it, so the result is one self-contained script.
 */
public final class UserDataRenderer {
  /** The templates there are, by name. */
  public static final List<String> TEMPLATES = List.of("al2023", "al2", "docker-agent");

  private static final String ROOT = "/dev/ecsbootstrap/userdata/";
  private static final String INLINE_MARKER = "# ecs-bootstrap:inline lib/bootstrap.sh";
  private static final Pattern COMMENT_LINE = Pattern.compile("\\s*#(?! shellcheck ).*");
  private static final String LIBRARY_NOTE =
      "# ecs-bootstrap's lib/bootstrap.sh, its comment lines left out (EC2 user data is at most"
          + " 16 KB).\n";

  private UserDataRenderer() {}

  public static String render(String template, UserDataParameters parameters, String version) {
    return withHeader(
        inlined(template),
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
    String body = inlined(template).replace("${", "${!");
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
            // The ASG's creation policy waits for this signal with the boot's real outcome.
            + "ECS_BOOTSTRAP_CFN_SIGNAL='${AWS::StackName} AutoScalingGroup ${AWS::Region}'\n");
  }

  private static String withHeader(String script, String header) {
    int firstNewline = script.indexOf('\n');
    return script.substring(0, firstNewline + 1) + header + script.substring(firstNewline + 1);
  }

  private static String inlined(String template) {
    if (!TEMPLATES.contains(template)) {
      throw BootstrapException.usage(
          "unknown --template (the value is not shown); choose one of "
              + String.join(", ", TEMPLATES));
    }
    String body = read(template + ".sh");
    String library = LIBRARY_NOTE + withoutCommentLines(read("lib/bootstrap.sh"));
    int marker = body.indexOf(INLINE_MARKER);
    int sourceLineEnd = body.indexOf('\n', body.indexOf("source ", marker));
    if (marker < 0 || sourceLineEnd < 0) {
      throw new IllegalStateException("template " + template + " has no library marker");
    }
    // The template's header comment stays (it says what the script is); its later comments go too.
    return body.substring(0, marker)
        + library
        + withoutCommentLines(body.substring(sourceLineEnd + 1));
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
            .orElse("");
  }

  /**
   * Whole-line comments, which explain the source, go: EC2 takes at most 16 KB of user data (before
   * base64), and they are a third of it. shellcheck directives stay. No here-document in the
   * templates has a line that starts with {@code #} (the simulated boot checks the files they write
   * byte for byte).
   */
  static String withoutCommentLines(String script) {
    return script
        .lines()
        .filter(line -> !COMMENT_LINE.matcher(line).matches())
        .map(line -> line + "\n")
        .collect(Collectors.joining());
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
