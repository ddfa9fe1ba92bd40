package dev.ecsbootstrap.userdata;

import dev.ecsbootstrap.testing.cli.CliResult;
import dev.ecsbootstrap.testing.cli.CliRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rendered oneshot service, read as systemd would run it: the process ExecStart= names, in
 * WorkingDirectory=, with the Environment= assignments. Only the subset of systemd's syntax that
 * lib/rotation.sh writes is understood (systemd.service(5) "Command lines", systemd.exec(5)
 * Environment=, systemd.unit(5) "Specifiers"): whitespace-separated words, a word wholly in double
 * quotes, the escapes {@code \\} and {@code \"}, {@code %%} for {@code %} and, in ExecStart= only,
 * {@code $$} for {@code $}. Anything else (another specifier, a variable expansion, another escape
 * or key) is refused rather than guessed, so a unit this cannot read fails the test that reads it.
 */
record SystemdService(
    Path workingDirectory, Map<String, String> environment, List<String> command) {
  /** Keys that change nothing about the process: ordering, timeouts. */
  private static final Set<String> INERT_SERVICE_KEYS = Set.of("TimeoutStartSec");

  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

  SystemdService {
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    command = List.copyOf(command);
  }

  static SystemdService parse(String unit) {
    String section = "";
    Path directory = Path.of("/"); // a system instance's default (systemd.exec(5))
    Map<String, String> environment = new LinkedHashMap<>();
    List<String> command = null;
    boolean oneshot = false;
    String[] lines = unit.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String where = "line " + (i + 1) + ": ";
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.endsWith("\\")) {
        throw new IllegalArgumentException(where + "line continuation is not supported");
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line;
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException(where + "not a key=value line: " + line);
      }
      if (!section.equals("[Service]")) {
        continue; // [Unit] ordering and [Install] do not change the process
      }
      String key = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      switch (key) {
        case "Type" -> oneshot = value.equals("oneshot");
        case "WorkingDirectory" -> directory = workingDirectory(value, where);
        case "Environment" -> {
          for (String word : words(value, false, where)) {
            if (!ASSIGNMENT.matcher(word).matches()) {
              throw new IllegalArgumentException(where + "not a NAME=value assignment: " + word);
            }
            int at = word.indexOf('=');
            environment.put(word.substring(0, at), word.substring(at + 1));
          }
        }
        case "ExecStart" -> {
          if (command != null) {
            throw new IllegalArgumentException(where + "more than one ExecStart= line");
          }
          command = execLine(value, where);
        }
        default -> {
          if (!INERT_SERVICE_KEYS.contains(key)) {
            throw new IllegalArgumentException(where + "unsupported [Service] key " + key);
          }
        }
      }
    }
    if (!oneshot) {
      throw new IllegalArgumentException("not a Type=oneshot service");
    }
    if (command == null) {
      throw new IllegalArgumentException("no ExecStart= line");
    }
    return new SystemdService(directory, environment, command);
  }

  /**
   * Runs the command as systemd would start the service: in its directory, with the manager's
   * environment (for systemd, its PATH; here whatever the test gives) under the unit's assignments.
   */
  CliResult run(Map<String, String> managerEnvironment, Duration timeout) {
    Map<String, String> environment = new HashMap<>(managerEnvironment);
    environment.putAll(this.environment);
    return CliRunner.runProcess(command, workingDirectory, new byte[0], environment, timeout);
  }

  private static Path workingDirectory(String value, String where) {
    if (value.startsWith("-") || value.startsWith("~")) {
      throw new IllegalArgumentException(where + "WorkingDirectory= prefix is not supported");
    }
    List<String> word = words(value, false, where);
    if (word.size() != 1 || value.contains("\"") || value.contains("\\")) {
      throw new IllegalArgumentException(where + "WorkingDirectory= is one plain path");
    }
    Path path = Path.of(word.get(0));
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(where + "WorkingDirectory= is not absolute");
    }
    return path;
  }

  private static List<String> execLine(String value, String where) {
    List<String> argv = words(value, true, where);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException(where + "empty ExecStart=");
    }
    // systemd 219 separates commands with a lone ';'; a '-', '@', ':', '+' or '!' prefix changes
    // how the result or the program is taken; none is in the subset.
    if (argv.contains(";")) {
      throw new IllegalArgumentException(where + "';' command separators are not supported");
    }
    if (!argv.get(0).startsWith("/")) {
      throw new IllegalArgumentException(
          where + "ExecStart= needs an absolute program (systemd 219), without prefixes");
    }
    return argv;
  }

  /**
   * Splits into words, resolving the subset's escapes; {@code exec} also takes {@code $$} (and
   * refuses every other {@code $}), which Environment= leaves alone.
   */
  static List<String> words(String value, boolean exec, String where) {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (true) {
      while (i < n && isBlank(value.charAt(i))) {
        i++;
      }
      if (i == n) {
        return words;
      }
      boolean quoted = value.charAt(i) == '"';
      if (quoted) {
        i++;
      }
      StringBuilder word = new StringBuilder();
      while (true) {
        if (i == n) {
          if (quoted) {
            throw new IllegalArgumentException(where + "unterminated double quote");
          }
          break;
        }
        char c = value.charAt(i);
        if (quoted && c == '"') {
          i++;
          if (i < n && !isBlank(value.charAt(i))) {
            throw new IllegalArgumentException(where + "a closing quote must end its word");
          }
          break;
        }
        if (!quoted && isBlank(c)) {
          break;
        }
        if (!quoted && (c == '"' || c == '\'')) {
          throw new IllegalArgumentException(
              where + "a single quote, or a double quote inside a word, at column " + i);
        }
        char next = i + 1 < n ? value.charAt(i + 1) : 0;
        switch (c) {
          case '\\' -> {
            if (next != '\\' && next != '"') {
              throw new IllegalArgumentException(where + "unsupported escape at column " + i);
            }
            word.append(next);
            i += 2;
          }
          case '%' -> {
            if (next != '%') {
              throw new IllegalArgumentException(where + "unsupported specifier at column " + i);
            }
            word.append('%');
            i += 2;
          }
          case '$' -> {
            if (!exec) {
              word.append('$');
              i++;
            } else if (next == '$') {
              word.append('$');
              i += 2;
            } else {
              throw new IllegalArgumentException(
                  where + "unsupported variable expansion at column " + i);
            }
          }
          default -> {
            word.append(c);
            i++;
          }
        }
      }
      words.add(word.toString());
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
