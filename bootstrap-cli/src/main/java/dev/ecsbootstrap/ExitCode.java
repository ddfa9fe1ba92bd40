package dev.ecsbootstrap;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Process exit codes, and which command can end with each: the one source for every --help and for
 * the README's table (ExitCodeDocsTest). 0, 1 and 2 keep picocli's meanings so the framework's own
 * usage handling agrees with ours; each later code is a cause an operator acts on differently, and
 * a command lists only the codes some path through it can return.
 */
public enum ExitCode {
  OK(0, "done, or nothing to change", Commands.ALL),
  INTERNAL(1, "internal error (a bug): rerun with --verbose", Commands.ALL),
  USAGE(2, "bad flags or arguments", Commands.ALL),
  INVALID_CONTENT(
      3,
      "input too large, or validation found problems in a fragment, ecs.config or docker"
          + " config.json",
      Commands.APPLY,
      Commands.PUBLISH,
      Commands.VALIDATE),
  SOURCE_REFUSED(
      4,
      "access denied, not found, bucket of another account, or instance metadata that refused"
          + " the request or gave an unusable identity document",
      Commands.APPLY,
      Commands.PUBLISH),
  ENCRYPTION_POLICY(5, "object not SSE-KMS, or encrypted under another key", Commands.APPLY),
  DEADLINE(
      6,
      "--timeout passed: transient failures outlasted it, a server stopped answering, or the ECS"
          + " agent had not registered",
      Commands.APPLY,
      Commands.PUBLISH,
      Commands.WAIT_AGENT),
  LOCAL_FILE(
      7,
      "could not read an input file, or read or write the ecs.config file safely",
      Commands.APPLY,
      Commands.PUBLISH,
      Commands.VALIDATE),
  CONFLICT(
      8,
      "the object changed since --if-match, or exists with --no-overwrite; nothing was uploaded",
      Commands.PUBLISH),
  AGENT_STATE_NOT_KEPT(
      9,
      "--restart-agent refused: the ECS agent does not keep its state across a restart, so running"
          + " tasks would be lost; ecs.config was written (--force restarts anyway)",
      Commands.APPLY),
  AGENT_RESTART_FAILED(
      10,
      "ecs.config was written but the ECS agent could not be restarted; the state file records the"
          + " restart as pending and the next run performs it",
      Commands.APPLY);

  /** The subcommands' names, as in their {@code @Command(name = ...)}. */
  public static final class Commands {
    public static final String APPLY = "apply";
    public static final String PUBLISH = "publish";
    public static final String VALIDATE = "validate";
    public static final String RENDER_USERDATA = "render-userdata";
    public static final String WAIT_AGENT = "wait-agent";
    private static final String[] ALL = {APPLY, PUBLISH, VALIDATE, RENDER_USERDATA, WAIT_AGENT};

    /** Every subcommand, in the order of the root command's --help. */
    public static final List<String> NAMES = List.of(ALL);

    private Commands() {}
  }

  private final int value;
  private final String meaning;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable, of immutable Strings
  private final List<String> commands;

  ExitCode(int value, String meaning, String... commands) {
    this.value = value;
    this.meaning = meaning;
    this.commands = List.of(commands);
  }

  public int value() {
    return value;
  }

  public String meaning() {
    return meaning;
  }

  /** The subcommands that can end with this code, in {@link Commands#NAMES} order. */
  public List<String> commands() {
    return commands;
  }

  /** The codes {@code command} can end with, in order; empty for a name that is no subcommand. */
  public static List<ExitCode> of(String command) {
    return Arrays.stream(values()).filter(code -> code.commands.contains(command)).toList();
  }

  /** The --help table of a subcommand: only the codes it can return. */
  public static Map<String, String> helpTable(String command) {
    List<ExitCode> codes = of(command);
    if (codes.isEmpty()) {
      throw new IllegalStateException("ExitCode names no codes for command " + command);
    }
    Map<String, String> table = new LinkedHashMap<>();
    codes.forEach(code -> table.put(String.valueOf(code.value), code.meaning));
    return table;
  }

  /** The root --help table: every code, naming the commands of those not all of them return. */
  public static Map<String, String> helpTable() {
    Map<String, String> table = new LinkedHashMap<>();
    for (ExitCode code : values()) {
      boolean everyCommand = code.commands.equals(Commands.NAMES);
      table.put(
          String.valueOf(code.value),
          code.meaning + (everyCommand ? "" : " (" + String.join(", ", code.commands) + ")"));
    }
    return table;
  }
}
