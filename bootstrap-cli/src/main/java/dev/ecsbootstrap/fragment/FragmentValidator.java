package dev.ecsbootstrap.fragment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.google.errorprone.annotations.CompileTimeConstant;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates an ecs.config fragment so that it means the same to all three of its readers
 * (ecs-init's splitter, systemd's EnvironmentFile, docker --env-file) and to the agent's auth
 * parser: getEnvVars in ecs-init/docker/docker.go and agent/dockerclient/dockerauth/dockerauth.go
 * at amazon-ecs-agent v1.74.1, systemd's src/basic/env-file.c, docker/cli's opts/file.go. The rules
 * and their reasons, one by one, are in docs/validation.md.
 */
public final class FragmentValidator {
  /**
   * Linux MAX_ARG_STRLEN: each KEY=VALUE becomes one execve environment string
   * (ecs-init/docker/docker.go).
   */
  static final int MAX_LINE_BYTES = 128 * 1024;

  // White space as Go's unicode.IsSpace has it (Unicode White_Space, see GoWhiteSpaceTest), not
  // Java's \s, which is ASCII only.
  private static final Pattern SECOND_ASSIGNMENT =
      Pattern.compile("\\p{IsWhite_Space}[A-Za-z_][A-Za-z0-9_]*=");
  private static final Pattern INLINE_COMMENT = Pattern.compile("\\p{IsWhite_Space}#");
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final List<Problem> problems = new ArrayList<>();
  private final List<Setting> settings = new ArrayList<>();
  private final Map<String, Integer> lineOfKey = new HashMap<>();

  /** Keys whose line was reported already: their absence later is a consequence, not news. */
  private final Set<String> rejectedKeys = new HashSet<>();

  private final Map<String, Integer> valueColumnOfKey = new HashMap<>();

  /** The 1-based column of the key of the line being parsed, for {@link #keyName}. */
  private int keyColumn;

  private FragmentValidator() {}

  /** Every problem, errors and warnings, in line order of discovery. */
  public static List<Problem> check(byte[] content) {
    FragmentValidator validator = new FragmentValidator();
    validator.run(content);
    return List.copyOf(validator.problems);
  }

  /**
   * The fragment, or a {@link BootstrapException} with exit code 3 carrying every problem when any
   * of them is an error.
   */
  public static Fragment parse(String source, byte[] content) {
    FragmentValidator validator = new FragmentValidator();
    List<String> registries = validator.run(content);
    if (validator.problems.stream().anyMatch(Problem::isError)) {
      throw BootstrapException.invalidContent(source, validator.problems);
    }
    return new Fragment(source, validator.settings, validator.problems, registries);
  }

  private List<String> run(byte[] content) {
    int start = 0;
    if (startsWithBom(content)) {
      error(
          1,
          "starts with a UTF-8 byte-order mark; ecs-init would read the first key with the mark in"
              + " front and lose that setting. Save the file as UTF-8 without BOM");
      start = 3;
    }
    boolean crlfReported = false;
    int lineNumber = 0;
    while (start <= content.length) {
      int end = indexOf(content, (byte) '\n', start);
      int stop = end < 0 ? content.length : end;
      lineNumber++;
      if (!(end < 0 && start == stop && lineNumber > 1)) {
        if (stop - start >= MAX_LINE_BYTES) {
          error(
              lineNumber,
              "line is {} bytes; a KEY=VALUE must stay under "
                  + MAX_LINE_BYTES
                  + " bytes or the agent container cannot start",
              Name.number(stop - start));
          rejectIfSafe(asciiKey(content, start, stop));
        } else {
          Optional<String> text = Utf8.decode(content, start, stop - start);
          if (text.isEmpty()) {
            error(lineNumber, "is not valid UTF-8; systemd would ignore the whole file");
            rejectIfSafe(asciiKey(content, start, stop));
          } else {
            String line = text.get();
            if (line.endsWith("\r")) {
              line = line.substring(0, line.length() - 1);
              if (!crlfReported) {
                warning(
                    lineNumber,
                    "CRLF line endings; the agent copes, but write LF (Unix) line endings");
                crlfReported = true;
              }
            }
            parseLine(lineNumber, line);
          }
        }
      }
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    return checkSettings();
  }

  private void parseLine(int lineNumber, String line) {
    if (line.indexOf('\r') >= 0) {
      error(
          lineNumber,
          "carriage return inside the line; systemd ends the line there, ecs-init does not");
      return;
    }
    int leading =
        line.length() - CodePoints.stripLeading(line, FragmentValidator::isSpaceOrControl).length();
    String assignment = line.substring(leading);
    keyColumn = line.codePointCount(0, leading) + 1;
    if (assignment.isEmpty()) {
      if (!isSpaceOrTab(line)) {
        error(
            lineNumber,
            "blank line with white space other than space or tab, or a control character;"
                + " systemd reads it as a line without '='. Leave it empty");
      }
      return;
    }
    if (assignment.startsWith("#")) {
      if (assignment.indexOf('=') >= 0) {
        warning(
            lineNumber,
            "comment contains '='; ecs-init has no comments and passes this line to the"
                + " agent as a junk variable. Remove the '=' or the line");
      }
      return;
    }
    int equals = assignment.indexOf('=');
    if (equals < 0) {
      error(lineNumber, "is not KEY=VALUE, a blank line or a # comment");
      return;
    }
    String rawKey = assignment.substring(0, equals);
    String value = assignment.substring(equals + 1);
    String key = CodePoints.stripTrailing(rawKey, FragmentValidator::isSpaceOrControl);
    if (!isSpaceOrTab(line.substring(0, leading))) {
      reportLeadingSpaceOrControl(lineNumber, line.substring(0, leading), key);
      rejectIfSafe(key);
      return;
    }
    if (rawKey.startsWith("export ") || rawKey.startsWith("export\t")) {
      error(
          lineNumber,
          "'export' is not understood by ecs-init or systemd: the setting is lost; remove 'export '");
      return;
    }
    if (rawKey.isEmpty()) {
      error(lineNumber, "empty key before '='");
      return;
    }
    if (!key.equals(rawKey) || (!value.isEmpty() && isSpaceOrControl(value.codePointAt(0)))) {
      error(
          lineNumber,
          "{}: whitespace around '=' (or a control character next to it); ecs-init keeps it in"
              + " the key or the value, systemd strips only space and tab there, docker"
              + " --env-file rejects a key with a space or tab and keeps the value as it is."
              + " Write KEY=VALUE",
          keyName(key, lineNumber));
      rejectIfSafe(key);
      return;
    }
    if (!EcsKeys.SAFE_KEY.matcher(key).matches()) {
      String upper = key.toUpperCase(Locale.ROOT);
      if (upper.equals(EcsKeys.AUTH_TYPE) || upper.equals(EcsKeys.AUTH_DATA)) {
        error(
            lineNumber,
            "{}: the agent reads only {} (names are case-sensitive)",
            keyName(key, lineNumber),
            keyName(upper, lineNumber));
      } else {
        error(lineNumber, "{}: keys must match [A-Z_][A-Z0-9_]*", keyName(key, lineNumber));
      }
      return;
    }
    int valueColumn = leading + equals + 2;
    if (!checkValue(lineNumber, key, value)) {
      rejectedKeys.add(key);
      return;
    }
    Integer firstLine = lineOfKey.putIfAbsent(key, lineNumber);
    if (firstLine != null) {
      error(
          lineNumber,
          "{}: set again (first on line {}); ecs-init and systemd keep only the last, silently",
          keyName(key, lineNumber),
          Name.number(firstLine));
      return;
    }
    valueColumnOfKey.put(key, valueColumn);
    settings.add(new Setting(key, Secret.of(value), lineNumber));
  }

  /**
   * Value rules (docs/validation.md); the JSON of ECS_ENGINE_AUTH_DATA is checked by its own
   * parser.
   */
  private boolean checkValue(int lineNumber, String key, String value) {
    if (value.startsWith("\"") || value.startsWith("'")) {
      error(
          lineNumber,
          "{}: value starts with a quote; ecs-init keeps quotes, systemd strips them."
              + " Remove the quotes",
          keyName(key, lineNumber));
      return false;
    }
    if (!value.equals(GoWhiteSpace.trimTrailing(value))) {
      error(
          lineNumber,
          "{}: value ends with whitespace; ecs-init trims Go's Unicode white space at the end of"
              + " a line, systemd only space and tab, docker --env-file nothing, so the readers"
              + " see different values",
          keyName(key, lineNumber));
      return false;
    }
    if (hasControlCharacter(value, EcsKeys.JSON_VALUED.contains(key))) {
      error(
          lineNumber,
          "{}: control character in the value; ecs-init and docker --env-file pass it on as it"
              + " is (a NUL cuts the value short), which is never what a setting means. Remove it",
          keyName(key, lineNumber));
      return false;
    }
    if (EcsKeys.JSON_VALUED.contains(key)) {
      return checkJsonValue(lineNumber, key, value);
    }
    if (SECOND_ASSIGNMENT.matcher(value).find()) {
      error(
          lineNumber,
          "{}: looks like two settings on one line; ecs-init reads them as one value."
              + " Put each KEY=VALUE on its own line",
          keyName(key, lineNumber));
      return false;
    }
    if (INLINE_COMMENT.matcher(value).find()) {
      error(
          lineNumber,
          "{}: '#' after the value is part of the value for ecs-init, not a comment."
              + " Put comments on their own line",
          keyName(key, lineNumber));
      return false;
    }
    if (value.indexOf('\\') >= 0) {
      error(
          lineNumber,
          "{}: backslash in the value; systemd unescapes it and ecs-init does not",
          keyName(key, lineNumber));
      return false;
    }
    return true;
  }

  /**
   * A JSON-valued key holds exactly one JSON value; spaces, '=' and '#' inside it are JSON's
   * business. ECS_ENGINE_AUTH_DATA gets its own, deeper check later.
   */
  private boolean checkJsonValue(int lineNumber, String key, String value) {
    if (key.equals(EcsKeys.AUTH_DATA)) {
      return true;
    }
    if (key.equals(EcsKeys.JSON_READ_THROUGH_SYSTEMD) && value.indexOf('\\') >= 0) {
      error(
          lineNumber,
          "{}: backslash in the value; systemd unescapes it before ecs-init reads it",
          keyName(key, lineNumber));
      return false;
    }
    try (JsonParser parser = JSON.createParser(value)) {
      if (parser.nextToken() == null) {
        error(lineNumber, "{}: must be JSON, and is empty", keyName(key, lineNumber));
        return false;
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        error(lineNumber, "{}: unexpected content after the JSON value", keyName(key, lineNumber));
        return false;
      }
      Optional<Problem> fatal = AgentStartChecks.checkJsonShape(key, value, lineNumber);
      fatal.ifPresent(problems::add);
      return fatal.isEmpty();
    } catch (IOException e) {
      // Never Jackson's message: it quotes the offending token.
      error(
          lineNumber,
          "{}: is not valid JSON; the agent ignores it or refuses to start",
          keyName(key, lineNumber));
      return false;
    }
  }

  private List<String> checkSettings() {
    if (settings.isEmpty() && problems.stream().noneMatch(Problem::isError)) {
      error(0, "sets no KEY=VALUE");
    }
    for (Setting setting : settings) {
      String key = setting.key();
      if (EcsKeys.SET_BY_ECS_INIT.contains(key)) {
        warning(
            setting.line(),
            "{}: ecs-init sets this itself; overriding it breaks the agent's"
                + " mounts and the agent ignores the new path",
            EcsKeys.name(key, setting.line(), 0));
      } else if (key.startsWith("ECS_") && !EcsKeys.isKnown(key)) {
        Optional<String> known = EcsKeys.closestKnown(key);
        if (known.isPresent()) {
          warning(
              setting.line(),
              "{}: the ECS agent does not read it; did you mean {}?",
              EcsKeys.name(key, setting.line(), 0),
              EcsKeys.name(known.get(), setting.line(), 0));
        } else {
          warning(
              setting.line(),
              "{}: the ECS agent does not read it",
              EcsKeys.name(key, setting.line(), 0));
        }
      }
    }
    AgentStartChecks.checkExternal(
            find(AgentStartChecks.EXTERNAL), find(AgentStartChecks.REGION), rejectedKeys)
        .ifPresent(problems::add);
    return checkAuth();
  }

  private List<String> checkAuth() {
    Setting type = find(EcsKeys.AUTH_TYPE);
    Setting data = find(EcsKeys.AUTH_DATA);
    if ((type == null && data == null)
        || (type == null && rejectedKeys.contains(EcsKeys.AUTH_TYPE))
        || (data == null && rejectedKeys.contains(EcsKeys.AUTH_DATA))) {
      return List.of();
    }
    if (type == null) {
      error(
          data.line(),
          EcsKeys.AUTH_DATA + " without " + EcsKeys.AUTH_TYPE + "; the agent ignores the data");
      return List.of();
    }
    if (data == null) {
      error(
          type.line(),
          EcsKeys.AUTH_TYPE + " without " + EcsKeys.AUTH_DATA + "; no registry would be used");
      return List.of();
    }
    String typeValue = type.value().reveal();
    Optional<EngineAuthType> authType = EngineAuthType.fromWireName(typeValue);
    if (authType.isEmpty()) {
      // The hint names the type we know, never the value: a value is the input's, not ours.
      if (typeValue.equalsIgnoreCase("docker")) {
        error(
            type.line(),
            EcsKeys.AUTH_TYPE
                + ": must be exactly 'docker' or 'dockercfg' (it is case-sensitive: write"
                + " 'docker')");
      } else if (typeValue.equalsIgnoreCase("dockercfg")) {
        error(
            type.line(),
            EcsKeys.AUTH_TYPE
                + ": must be exactly 'docker' or 'dockercfg' (it is case-sensitive: write"
                + " 'dockercfg')");
      } else {
        error(type.line(), EcsKeys.AUTH_TYPE + ": must be exactly 'docker' or 'dockercfg'");
      }
      return List.of();
    }
    return AuthDataValidator.validate(
        authType.get(),
        data.value(),
        data.line(),
        valueColumnOfKey.get(EcsKeys.AUTH_DATA),
        problems);
  }

  private Setting find(String key) {
    return settings.stream().filter(setting -> setting.key().equals(key)).findFirst().orElse(null);
  }

  /**
   * What may stand before a key, around '=' or at the end of a value without being visible: Go's
   * white space (which ecs-init trims) and the control characters (Unicode Cc, which Go keeps).
   * Java's Character.isWhitespace is a subset of the two.
   */
  private static boolean isSpaceOrControl(int codePoint) {
    return GoWhiteSpace.isSpace(codePoint) || Character.getType(codePoint) == Character.CONTROL;
  }

  /** ASCII space and tab: the white space all three readers skip before a key. */
  private static boolean isSpaceOrTab(String text) {
    return text.chars().allMatch(c -> c == ' ' || c == '\t');
  }

  /**
   * Any control character, except a tab in JSON: there it is white space between tokens (inside a
   * JSON string it is invalid JSON, which the JSON check reports).
   */
  private static boolean hasControlCharacter(String value, boolean json) {
    return value
        .codePoints()
        .anyMatch(c -> Character.getType(c) == Character.CONTROL && !(json && c == '\t'));
  }

  /**
   * Before a key, ecs-init and docker --env-file trim Go's white space (strings.TrimSpace in
   * ecs-init/docker/docker.go; TrimLeftFunc(unicode.IsSpace) in docker/cli's opts/file.go) and keep
   * control characters in the key; systemd skips only " \t\n\r" and drops a key that is not
   * [A-Za-z_][A-Za-z0-9_]* (src/basic/env-file.c, env-util.c).
   */
  private void reportLeadingSpaceOrControl(int lineNumber, String leading, String key) {
    if (leading.codePoints().allMatch(GoWhiteSpace::isSpace)) {
      error(
          lineNumber,
          "{}: white space other than space or tab before the key; ecs-init and docker"
              + " --env-file trim it, but systemd skips only space and tab and drops the setting"
              + " for ecs-init's own environment. Start the line with the key",
          keyName(key, lineNumber));
    } else {
      error(
          lineNumber,
          "{}: control character before the key; ecs-init and docker --env-file keep it in the"
              + " key, so the agent never sees this setting, and systemd drops it. Start the line"
              + " with the key",
          keyName(key, lineNumber));
    }
  }

  /**
   * The key of a line rejected before it was parsed: the text before the first '=' after leading
   * spaces and tabs, if any ({@link #rejectIfSafe} takes it only if it is a safe, so ASCII, key).
   */
  private static String asciiKey(byte[] content, int start, int stop) {
    int from = start;
    while (from < stop && (content[from] == ' ' || content[from] == '\t')) {
      from++;
    }
    int equals = indexOf(content, (byte) '=', from);
    if (equals < 0 || equals >= stop) {
      return "";
    }
    return new String(content, from, equals - from, StandardCharsets.ISO_8859_1);
  }

  /** A rejected line's key, so that its absence later is not reported as news. */
  private void rejectIfSafe(String key) {
    if (EcsKeys.SAFE_KEY.matcher(key).matches()) {
      rejectedKeys.add(key);
    }
  }

  private static boolean startsWithBom(byte[] content) {
    return content.length >= 3
        && content[0] == (byte) 0xEF
        && content[1] == (byte) 0xBB
        && content[2] == (byte) 0xBF;
  }

  private static int indexOf(byte[] content, byte wanted, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** A key of the line being parsed, for a message (by place and shape unless known). */
  private Name keyName(String key, int lineNumber) {
    return EcsKeys.name(key, lineNumber, keyColumn);
  }

  private void error(int line, @CompileTimeConstant String template, Name... names) {
    problems.add(Problem.error(line, template, names));
  }

  private void warning(int line, @CompileTimeConstant String template, Name... names) {
    problems.add(Problem.warning(line, template, names));
  }
}
