package dev.ecsbootstrap.fragment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.errorprone.annotations.CompileTimeConstant;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates the JSON of ECS_ENGINE_AUTH_DATA the way the agent's {@code
 * agent/dockerclient/dockerauth/dockerauth.go} (amazon-ecs-agent v1.74.1) will unmarshal it. The
 * agent never fails on bad auth, it pulls anonymously, so every case it would silently drop is an
 * error here. Streaming parse: we see duplicate keys and exact columns, and no value ever reaches a
 * message (Jackson's own messages can quote tokens, so they are never surfaced). Registries are
 * named by their position ({@link Name#registry}), never their text; fields by {@link
 * #FIELD_NAMES}.
 */
final class AuthDataValidator {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Go's base64.StdEncoding: standard alphabet, padding required. */
  private static final Pattern PADDED_STD_BASE64 =
      Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

  /**
   * Field names a message may show: those of registry.AuthConfig, and the {@code auths} wrapper of
   * a docker config.json.
   */
  static final Name.Vocabulary FIELD_NAMES =
      Name.Vocabulary.of(
          "username",
          "password",
          "auth",
          "email",
          "serveraddress",
          "identitytoken",
          "registrytoken",
          "auths");

  /**
   * The JSON tags of registry.AuthConfig; a wrong type in any of them fails the whole unmarshal.
   */
  private static final Set<String> DOCKER_FIELDS =
      FIELD_NAMES.names().stream()
          .filter(name -> !name.equals("auths"))
          .collect(Collectors.toUnmodifiableSet());

  /** Fields the agent reads, whose text an escaped lone surrogate would change (Go's U+FFFD). */
  private static final Set<String> SURROGATE_CHECKED =
      Set.of("username", "password", "auth", "email");

  /** registry.AuthConfig's token fields: dockercfg ignores them, docker passes them to dockerd. */
  private static final Set<String> TOKEN_FIELDS = Set.of("identitytoken", "registrytoken");

  private final EngineAuthType type;
  private final int line;
  private final int valueColumn;
  private final List<Problem> problems;
  private final List<String> registries = new ArrayList<>();

  private AuthDataValidator(
      EngineAuthType type, int line, int valueColumn, List<Problem> problems) {
    this.type = type;
    this.line = line;
    this.valueColumn = valueColumn;
    this.problems = problems;
  }

  /**
   * Adds the problems of {@code data} to {@code problems} and returns the registries it names, in
   * their display form ({@link RegistryNames#display}).
   *
   * @param valueColumn 1-based column of the value's first character on its line, for error columns
   */
  static List<String> validate(
      EngineAuthType type, Secret data, int line, int valueColumn, List<Problem> problems) {
    AuthDataValidator validator = new AuthDataValidator(type, line, valueColumn, problems);
    validator.run(data.reveal());
    return List.copyOf(validator.registries);
  }

  private void run(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        error("must be a JSON object keyed by registry");
        return;
      }
      RegistryKeys keys = new RegistryKeys();
      Set<String> seen = new HashSet<>();
      int position = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String registry = parser.currentName();
        position++;
        Name name = Name.registry(position);
        JsonToken entryToken = parser.nextToken();
        if (!seen.add(registry)) {
          error(
              EcsKeys.AUTH_DATA + "/{}: registry key appears twice; the agent keeps only the last",
              name);
          parser.skipChildren();
          continue;
        }
        if (registry.equals("auths")) {
          error(
              EcsKeys.AUTH_DATA
                  + "/auths: the \"auths\" wrapper from ~/.docker/config.json is not read by the"
                  + " agent; use the object inside \"auths\" as the whole value");
          parser.skipChildren();
          continue;
        }
        keys.add(registry, position, line).ifPresent(problems::add);
        if (entryToken != JsonToken.START_OBJECT) {
          error(
              EcsKeys.AUTH_DATA
                  + "/{}: must be an object; one non-object entry makes the agent drop every"
                  + " registry",
              name);
          parser.skipChildren();
          continue;
        }
        Map<String, EntryField> fields = readEntry(parser, name);
        keys.login(
            position,
            type == EngineAuthType.DOCKER
                ? checkDockerEntry(name, fields)
                : checkDockercfgEntry(name, fields));
        registries.add(RegistryNames.display(registry, position));
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        error(
            "unexpected content after the JSON object, at column {}", Name.number(column(parser)));
        return;
      }
      if (position == 0) {
        error(
            EcsKeys.AUTH_DATA
                + ": names no registry; the agent has nothing to authenticate with. Add a"
                + " registry, or remove both auth settings");
      }
      problems.addAll(keys.problemsOfTheWholeMap(line));
    } catch (JsonProcessingException e) {
      // Never e.getMessage(): Jackson quotes the offending token, which may be part of a password.
      int column = e.getLocation() == null ? 0 : valueColumn + e.getLocation().getColumnNr() - 1;
      error("malformed JSON at line {}, column {}", Name.number(line), Name.number(column));
    } catch (IOException e) {
      error("could not be read as JSON");
    }
  }

  /** A field of one registry entry; its text stays a Secret until a check needs it. */
  private record EntryField(String name, JsonToken token, Secret text) {}

  private Map<String, EntryField> readEntry(JsonParser parser, Name registry) throws IOException {
    Map<String, EntryField> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      Secret text = token == JsonToken.VALUE_STRING ? Secret.of(parser.getText()) : null;
      parser.skipChildren();
      String folded = name.toLowerCase(Locale.ROOT);
      warnOfTokenField(registry, name, token, text);
      if (!relevantFields().contains(folded)) {
        continue;
      }
      Name field = Name.field(name, FIELD_NAMES);
      if (text != null && SURROGATE_CHECKED.contains(folded)) {
        rejectUnpairedSurrogate(registry, field, text);
      }
      // encoding/json matches field names case-insensitively and the last one wins.
      if (fields.containsKey(folded)) {
        error(
            EcsKeys.AUTH_DATA
                + "/{}/{}: field given twice (names match case-insensitively); the agent keeps the"
                + " last",
            registry,
            field);
      }
      if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
        error(
            EcsKeys.AUTH_DATA
                + "/{}/{}: must be a string; a wrong type makes the agent drop every registry",
            registry,
            field);
      } else if (!name.equals(folded) && !TOKEN_FIELDS.contains(folded)) {
        warning(
            EcsKeys.AUTH_DATA + "/{}/{}: the agent accepts it, but write '{}'",
            registry,
            field,
            Name.field(folded, FIELD_NAMES));
      }
      fields.put(folded, new EntryField(name, token, text));
    }
    return fields;
  }

  private Set<String> relevantFields() {
    // dockercfgData has only `auth`; other fields there are ignored whatever their type.
    return type == EngineAuthType.DOCKER ? DOCKER_FIELDS : Set.of("auth");
  }

  /**
   * A token field is rarely meant. With dockercfg the agent never reads it (dockercfgData has only
   * {@code auth}). With docker the agent JSON-encodes the whole registry.AuthConfig into the pull's
   * X-Registry-Auth (agent/dockerclient/dockerapi/docker_client.go pullImage), and dockerd then
   * authenticates with the token instead of the username and password: registrytoken as a bearer
   * token, identitytoken as an OAuth refresh token (moby/moby distribution/registry.go and
   * registry/auth.go staticCredentialStore). A docker token of the wrong type is an error of its
   * own, reported when it is read.
   */
  private void warnOfTokenField(Name registry, String name, JsonToken token, Secret text) {
    if (!TOKEN_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
      return;
    }
    Name field = Name.field(name, FIELD_NAMES);
    if (type == EngineAuthType.DOCKERCFG) {
      warning(
          EcsKeys.AUTH_DATA
              + "/{}/{}: the agent ignores it with ECS_ENGINE_AUTH_TYPE dockercfg, which reads"
              + " only 'auth'",
          registry,
          field);
    } else if (token == JsonToken.VALUE_STRING && !text.reveal().isEmpty()) {
      warning(
          EcsKeys.AUTH_DATA
              + "/{}/{}: the agent passes it on to Docker, which then authenticates with the token"
              + " instead of the username and password; remove it unless that is meant",
          registry,
          field);
    }
  }

  /**
   * Go's encoding/json decodes the JSON escape of a surrogate (U+D800..U+DFFF) without its pair as
   * U+FFFD, so the agent would send other text than the one written; an escaped pair decodes to its
   * code point, as in Java.
   */
  private void rejectUnpairedSurrogate(Name registry, Name field, Secret text) {
    if (hasUnpairedSurrogate(text.reveal())) {
      error(
          EcsKeys.AUTH_DATA
              + "/{}/{}: has an unpaired surrogate escape (a \\ud800-\\udfff without its pair);"
              + " the agent decodes it as U+FFFD and sends a different value",
          registry,
          field);
    }
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reports the entry's problems; returns the login the agent would send (fields it lacks empty).
   */
  private RegistryKeys.Login checkDockerEntry(Name registry, Map<String, EntryField> fields) {
    // A field of the wrong type was reported when it was read; "missing" would be wrong about it.
    String username = text(fields.get("username"));
    if (hasWrongType(fields.get("username"))) {
      // reported already
    } else if (username == null) {
      if (text(fields.get("auth")) != null) {
        error(
            EcsKeys.AUTH_DATA
                + "/{}: has 'auth' but no 'username'; with type docker the agent never decodes"
                + " 'auth' and pulls anonymously. Use ECS_ENGINE_AUTH_TYPE=dockercfg, or username"
                + " and password",
            registry);
      } else {
        error(EcsKeys.AUTH_DATA + "/{}: missing 'username'", registry);
      }
    } else if (username.isEmpty()) {
      error(EcsKeys.AUTH_DATA + "/{}/username: must not be empty", registry);
    }
    String password = text(fields.get("password"));
    if (hasWrongType(fields.get("password"))) {
      // reported already
    } else if (password == null) {
      error(EcsKeys.AUTH_DATA + "/{}: missing 'password'", registry);
    } else if (password.isEmpty()) {
      warning(EcsKeys.AUTH_DATA + "/{}/password: is empty", registry);
    }
    return new RegistryKeys.Login(
        Secret.of(Objects.requireNonNullElse(username, "")),
        Secret.of(Objects.requireNonNullElse(password, "")));
  }

  /**
   * Reports the entry's problems; returns the login the agent decodes from {@code auth} (split at
   * the first ':', as parseAuthData in dockerauth.go), or null when the agent drops the entry.
   */
  private RegistryKeys.Login checkDockercfgEntry(Name registry, Map<String, EntryField> fields) {
    if (hasWrongType(fields.get("auth"))) {
      return null;
    }
    String auth = text(fields.get("auth"));
    if (auth == null || auth.isEmpty()) {
      error(EcsKeys.AUTH_DATA + "/{}: missing 'auth' (base64 of user:password)", registry);
      return null;
    }
    if (hasUnpairedSurrogate(auth)) {
      return null; // reported when it was read
    }
    if (!PADDED_STD_BASE64.matcher(auth).matches()) {
      error(EcsKeys.AUTH_DATA + "/{}/auth: is not padded standard base64", registry);
      return null;
    }
    String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      error(EcsKeys.AUTH_DATA + "/{}/auth: must decode to user:password; it has no ':'", registry);
      return null;
    }
    if (colon == 0) {
      error(EcsKeys.AUTH_DATA + "/{}/auth: the user name before ':' is empty", registry);
    } else if (colon == decoded.length() - 1) {
      warning(EcsKeys.AUTH_DATA + "/{}/auth: the password after ':' is empty", registry);
    }
    return new RegistryKeys.Login(
        Secret.of(decoded.substring(0, colon)), Secret.of(decoded.substring(colon + 1)));
  }

  /** A field present with a non-string value, already reported as such. */
  private static boolean hasWrongType(EntryField field) {
    return field != null
        && field.token() != JsonToken.VALUE_STRING
        && field.token() != JsonToken.VALUE_NULL;
  }

  /** The field's text; null when absent or JSON null, which the agent treats the same. */
  private static String text(EntryField field) {
    return field == null || field.text() == null ? null : field.text().reveal();
  }

  private int column(JsonParser parser) {
    return valueColumn + parser.currentTokenLocation().getColumnNr() - 1;
  }

  private void error(@CompileTimeConstant String template, Name... names) {
    problems.add(Problem.error(line, template, names));
  }

  private void warning(@CompileTimeConstant String template, Name... names) {
    problems.add(Problem.warning(line, template, names));
  }
}
