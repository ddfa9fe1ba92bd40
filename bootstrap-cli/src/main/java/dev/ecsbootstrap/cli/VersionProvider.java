package dev.ecsbootstrap.cli;

import dev.ecsbootstrap.Version;
import picocli.CommandLine;

/** --version of every command. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"ecs-bootstrap " + Version.current()};
  }
}
