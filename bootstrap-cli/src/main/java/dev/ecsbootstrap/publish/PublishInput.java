package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.fragment.RegistryNames;
import java.nio.file.Path;
import java.util.List;

/** Where publish takes the credentials from: exactly one of three inputs. */
public sealed interface PublishInput {

  /** A docker config.json (either layout); {@code registries} empty means every inline login. */
  record DockerConfig(Path file, List<String> registries) implements PublishInput {
    public DockerConfig {
      registries = List.copyOf(registries);
    }
  }

  /** One registry's user; the password comes from standard input, like docker login. */
  record Login(String registry, String username) implements PublishInput {}

  /** An existing fragment, validated and uploaded as is. */
  record FragmentFile(Path file) implements PublishInput {}

  /**
   * The input the flags name, or a usage error: the rules that keep a password out of arguments and
   * that make every combination mean one thing.
   */
  static PublishInput select(
      Path dockerConfig,
      String username,
      boolean passwordStdin,
      Path fragmentFile,
      List<String> registries,
      boolean formatGiven) {
    int inputs =
        (dockerConfig != null ? 1 : 0)
            + (username != null ? 1 : 0)
            + (fragmentFile != null ? 1 : 0);
    if (inputs != 1) {
      throw BootstrapException.usage(
          "give exactly one of --docker-config, --username or --fragment");
    }
    if (username != null && !passwordStdin) {
      throw BootstrapException.usage(
          "--username needs --password-stdin: the password is read from standard input, never from"
              + " an argument");
    }
    if (passwordStdin && username == null) {
      throw BootstrapException.usage("--password-stdin goes with --username");
    }
    if (username != null && registries.size() != 1) {
      throw BootstrapException.usage("--username needs exactly one --registry");
    }
    if (fragmentFile != null && (formatGiven || !registries.isEmpty())) {
      throw BootstrapException.usage(
          "--fragment is uploaded as is: --format and --registry do not apply");
    }
    if (dockerConfig != null) {
      return new DockerConfig(dockerConfig, registries);
    }
    return username != null
        ? new Login(RegistryNames.normalize(registries.get(0)), username)
        : new FragmentFile(fragmentFile);
  }
}
