package dev.ecsbootstrap;

import java.util.List;

/**
 * The one exception type: carries the exit code the process ends with. Messages name sources, keys
 * and paths, never values, so printing one can never leak a credential.
 */
public final class BootstrapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;
  private final String source;
  private final transient List<Problem> problems;

  private BootstrapException(
      ExitCode exitCode, String message, Throwable cause, String source, List<Problem> problems) {
    super(message, cause);
    this.exitCode = exitCode;
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private BootstrapException(ExitCode exitCode, String message, Throwable cause) {
    this(exitCode, message, cause, "", List.of());
  }

  public static BootstrapException invalidContent(String source, List<Problem> problems) {
    long errors = problems.stream().filter(Problem::isError).count();
    return new BootstrapException(
        ExitCode.INVALID_CONTENT,
        source + ": " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written",
        null,
        source,
        problems);
  }

  public static BootstrapException usage(String message) {
    return new BootstrapException(ExitCode.USAGE, message, null);
  }

  public static BootstrapException sourceRefused(String message, Throwable cause) {
    return new BootstrapException(ExitCode.SOURCE_REFUSED, message, cause);
  }

  public static BootstrapException encryptionPolicy(String message) {
    return new BootstrapException(ExitCode.ENCRYPTION_POLICY, message, null);
  }

  public static BootstrapException deadline(String message, Throwable lastFailure) {
    return new BootstrapException(ExitCode.DEADLINE, message, lastFailure);
  }

  public static BootstrapException localFile(String message, Throwable cause) {
    return new BootstrapException(ExitCode.LOCAL_FILE, message, cause);
  }

  /**
   * A conditional write that S3 refused (412): the object changed since {@code --if-match}, or
   * exists despite {@code --no-overwrite}. Nothing was written.
   */
  public static BootstrapException conflict(String message, Throwable cause) {
    return new BootstrapException(ExitCode.CONFLICT, message, cause);
  }

  /** {@code --restart-agent} would lose the agent's running tasks; nothing was restarted. */
  public static BootstrapException agentStateNotKept(String message) {
    return new BootstrapException(ExitCode.AGENT_STATE_NOT_KEPT, message, null);
  }

  /** The agent could not be restarted; the restart is left pending. */
  public static BootstrapException agentRestartFailed(String message, Throwable cause) {
    return new BootstrapException(ExitCode.AGENT_RESTART_FAILED, message, cause);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  /** The input the problems are about (a URI or path); empty for other failures. */
  public String source() {
    return source;
  }

  /**
   * Every problem found, errors and warnings, when the exit code is {@link
   * ExitCode#INVALID_CONTENT}.
   */
  public List<Problem> problems() {
    return problems;
  }
}
