package dev.ecsbootstrap;

/**
 * Process exit codes shared by every command. 0, 1 and 2 keep picocli's meanings so the framework's
 * own usage handling agrees with ours; each later code is a cause an operator acts on differently.
 */
public enum ExitCode {
  OK(0, "done, or nothing to change"),
  INTERNAL(1, "internal error (a bug): rerun with --verbose"),
  USAGE(2, "bad flags or arguments"),
  INVALID_CONTENT(3, "fetched, but validation found problems"),
  SOURCE_REFUSED(4, "access denied, not found, or bucket owned by another account"),
  ENCRYPTION_POLICY(5, "object not SSE-KMS, or encrypted under another key"),
  DEADLINE(6, "transient failures outlasted --timeout"),
  LOCAL_FILE(7, "could not read or write the ecs.config file safely");

  private final int value;
  private final String meaning;

  ExitCode(int value, String meaning) {
    this.value = value;
    this.meaning = meaning;
  }

  public int value() {
    return value;
  }

  public String meaning() {
    return meaning;
  }
}
