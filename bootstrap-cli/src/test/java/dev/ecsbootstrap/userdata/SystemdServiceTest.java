package dev.ecsbootstrap.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemdServiceTest {
  private static String unit(String service) {
    return "[Unit]\nDescription=100%% a test\nAfter=cloud-final.service\n\n[Service]\nType=oneshot\n"
        + "TimeoutStartSec=10min\n"
        + service
        + "\n[Install]\nWantedBy=timers.target\n";
  }

  @Test
  void readsTheDirectoryTheEnvironmentAndTheCommandAsSystemdRunsThem() {
    SystemdService service =
        SystemdService.parse(
            unit(
                """
                Environment=A=http://127.0.0.1:1/ "B=two words" C=50%% D=$HOME E=q\\"uote
                Environment=F=back\\\\slash
                WorkingDirectory=/opt/ecs-bootstrap/bundle
                ExecStart=/usr/bin/java -jar x.jar apply "s3://b/a b" --tag=$$1 100%% a\\\\b \\"q\\"
                """));

    assertThat(service.workingDirectory()).isEqualTo(Path.of("/opt/ecs-bootstrap/bundle"));
    assertThat(service.environment())
        .containsExactly(
            Map.entry("A", "http://127.0.0.1:1/"),
            Map.entry("B", "two words"),
            Map.entry("C", "50%"),
            Map.entry("D", "$HOME"),
            Map.entry("E", "q\"uote"),
            Map.entry("F", "back\\slash"));
    assertThat(service.command())
        .containsExactly(
            "/usr/bin/java",
            "-jar",
            "x.jar",
            "apply",
            "s3://b/a b",
            "--tag=$1",
            "100%",
            "a\\b",
            "\"q\"");
  }

  @Test
  void aSystemInstanceStartsInTheRootFolderByDefault() {
    assertThat(SystemdService.parse(unit("ExecStart=/bin/true")).workingDirectory())
        .isEqualTo(Path.of("/"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ExecStart=/bin/echo %n                  | unsupported specifier",
        "ExecStart=/bin/echo ${HOME}             | unsupported variable expansion",
        "ExecStart=/bin/echo $HOME               | unsupported variable expansion",
        "ExecStart=/bin/echo a\\tb               | unsupported escape",
        "ExecStart=/bin/echo 'single'            | single quote",
        "ExecStart=/bin/echo a\"b c\"            | inside a word",
        "ExecStart=/bin/echo \"ab\"c             | closing quote must end its word",
        "ExecStart=/bin/echo \"open              | unterminated double quote",
        "ExecStart=-/bin/false                   | absolute program",
        "ExecStart=java -version                 | absolute program",
        "ExecStart=/bin/true ; /bin/false        | command separators",
        "Environment=A=%H                        | unsupported specifier",
        "Environment=not-a-name=1                | not a NAME=value assignment",
        "WorkingDirectory=~                      | prefix",
        "WorkingDirectory=relative               | not absolute",
        "User=nobody                             | unsupported [Service] key User",
        "EnvironmentFile=/etc/x                  | unsupported [Service] key EnvironmentFile",
      })
  void refusesWhatOurUnitsNeverWriteRatherThanGuessing(String line, String message) {
    String text = unit(line.contains("ExecStart=") ? line : line + "\nExecStart=/bin/true");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SystemdService.parse(text))
        .withMessageContaining(message);
  }

  @Test
  void refusesASecondCommandAServiceOfAnotherTypeAndALineContinuation() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SystemdService.parse(unit("ExecStart=/bin/true\nExecStart=/bin/true")))
        .withMessageContaining("more than one ExecStart=");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SystemdService.parse("[Service]\nType=simple\nExecStart=/bin/true\n"))
        .withMessageContaining("Type=oneshot");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SystemdService.parse(unit("ExecStart=/bin/echo a \\\n  b")))
        .withMessageContaining("line continuation");
  }
}
