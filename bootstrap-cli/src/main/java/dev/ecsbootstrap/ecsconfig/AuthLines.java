package dev.ecsbootstrap.ecsconfig;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.Fragment;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.fragment.Setting;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ECS_ENGINE_AUTH_* lines of an ecs.config. ecs-init hands each of them to the agent as an
 * environment variable (getEnvVars in ecs-init/docker/docker.go), and the agent takes any
 * environment value over the JSON file's (NewConfig in agent/config/config.go: Config.Merge only
 * fills fields still zero; amazon-ecs-agent HEAD 8dfceca6c): such a line, even one with only white
 * space as its type, would override what we write to the JSON file.
 */
final class AuthLines {
  static final Set<String> KEYS = Set.of(EcsKeys.AUTH_TYPE, EcsKeys.AUTH_DATA);
  private static final Name.Vocabulary NAMES =
      Name.Vocabulary.of(EcsKeys.AUTH_TYPE, EcsKeys.AUTH_DATA);

  private AuthLines() {}

  /** The 1-based numbers of the lines that assign an auth key, for any of the file's readers. */
  static List<Integer> find(byte[] ecsConfig) {
    List<Integer> found = new ArrayList<>();
    List<byte[]> lines = EcsConfigMerge.splitLines(ecsConfig);
    for (int i = 0; i < lines.size(); i++) {
      if (ConfigLine.assignedKey(lines.get(i)).filter(KEYS::contains).isPresent()) {
        found.add(i + 1);
      }
    }
    return found;
  }

  /** Exit 3, one problem per line: the line number and key, never the value. */
  static BootstrapException conflict(String source, byte[] ecsConfig, List<Integer> numbers) {
    List<byte[]> lines = EcsConfigMerge.splitLines(ecsConfig);
    List<Problem> problems = new ArrayList<>();
    for (int number : numbers) {
      String key = ConfigLine.assignedKey(lines.get(number - 1)).orElseThrow();
      problems.add(
          Problem.error(
              number,
              "{} here would override the JSON config file: ecs-init passes every ecs.config"
                  + " line to the agent as an environment variable, and the agent takes"
                  + " environment values over the file. Pass --move-auth to move the auth into the"
                  + " JSON file and remove these lines",
              Name.key(key, NAMES, number, 0)));
    }
    return BootstrapException.invalidContent(source, problems);
  }

  /**
   * The auth settings these lines assign, validated as a fragment would be: the file with every
   * other line blanked, so a problem names its line in ecs.config.
   */
  static List<Setting> settings(String source, byte[] ecsConfig) {
    ByteArrayOutputStream onlyAuth = new ByteArrayOutputStream(ecsConfig.length);
    for (byte[] line : EcsConfigMerge.splitLines(ecsConfig)) {
      if (ConfigLine.assignedKey(line).filter(KEYS::contains).isPresent()) {
        onlyAuth.writeBytes(line);
      }
      onlyAuth.write('\n');
    }
    Fragment fragment = FragmentValidator.parse(source, onlyAuth.toByteArray());
    return fragment.settings();
  }
}
