package dev.ecsbootstrap.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.errorprone.annotations.CompileTimeConstant;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Name;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import dev.ecsbootstrap.Utf8;
import dev.ecsbootstrap.fragment.EngineAuthType;
import dev.ecsbootstrap.fragment.FragmentValidator;
import dev.ecsbootstrap.fragment.RegistryNames;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads logins from a docker {@code config.json}, in the current layout (entries under {@code
 * "auths"}, maybe with {@code credsStore}/{@code credHelpers}) or the legacy {@code .dockercfg} one
 * (entries at the top level). Only inline {@code auth} can be used: the ECS agent cannot run a
 * credential helper, and an identity token is not a password. Registry names in the file are input
 * like the rest of it, so problems and warnings name a registry by its position ({@link
 * Name#registry}), and never name a credential helper.
 */
final class DockerConfigReader {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * The top-level fields of docker's own config.json (the json tags of ConfigFile in
   * cli/config/configfile/file.go, docker/cli v29.7.2), in lower case since Go's encoding/json
   * matches them in any case: settings, never registries, in a legacy file whose registries are
   * top-level fields too.
   */
  private static final Set<String> DOCKER_SETTINGS =
      Set.of(
          "auths",
          "httpheaders",
          "psformat",
          "imagesformat",
          "networksformat",
          "pluginsformat",
          "volumesformat",
          "statsformat",
          "detachkeys",
          "credsstore",
          "credhelpers",
          "serviceinspectformat",
          "servicesformat",
          "tasksformat",
          "secretformat",
          "configformat",
          "nodesformat",
          "prunefilters",
          "proxies",
          "currentcontext",
          "clipluginsextradirs",
          "plugins",
          "aliases",
          "features");

  private final String source;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Set<String> registriesWithHelper = new HashSet<>();
  private boolean credsStore;

  /**
   * One registry entry as found in the file, with its 1-based position in its JSON object; its
   * fields stay secret.
   */
  private record Entry(String key, int line, int position, Secret auth, boolean identityToken) {}

  /** Why an entry cannot be used. */
  private enum Unusable {
    IDENTITY_TOKEN,
    CRED_HELPER,
    CREDS_STORE,
    NO_AUTH
  }

  private DockerConfigReader(String source) {
    this.source = source;
  }

  /**
   * The logins for {@code wanted} registries (normalized), or for every entry with inline auth when
   * none is named. Skipped entries are reported to {@code warnings}, each a rendered {@link
   * Problem}.
   */
  public static List<RegistryCredential> read(
      String source, byte[] content, List<String> wanted, Consumer<String> warnings) {
    DockerConfigReader reader = new DockerConfigReader(source);
    reader.parse(content);
    return reader.select(wanted.stream().map(RegistryNames::normalize).toList(), warnings);
  }

  private void parse(byte[] content) {
    try (JsonParser parser = JSON.createParser(content)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(1, "is not a docker config.json (expected a JSON object)");
      }
      boolean current = false;
      List<Entry> legacy = new ArrayList<>();
      int position = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        position++;
        int line = parser.currentLocation().getLineNr();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "auths" -> {
            current = true;
            readEntries(parser, value, line, entry -> entries.put(entry.key(), entry));
          }
          case "credsStore" -> credsStore = value == JsonToken.VALUE_STRING;
          case "credHelpers" -> readHelpers(parser, value);
          default -> {
            if (value == JsonToken.START_OBJECT
                && !DOCKER_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
              legacy.add(readEntry(parser, name, line, position));
            } else {
              parser.skipChildren();
            }
          }
        }
      }
      if (!current) {
        legacy.forEach(entry -> entries.put(entry.key(), entry));
      }
    } catch (JsonProcessingException e) {
      // Never Jackson's message: it can quote a token of the file, i.e. a credential.
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw invalid(line, "is not valid JSON");
    } catch (CharConversionException e) {
      // Bytes Jackson's encoding detection takes for UTF-16 or UTF-32: content, not a read error,
      // and its message quotes the bytes it could not convert.
      throw invalid(0, "is not valid JSON (not UTF-8 text)");
    } catch (IOException e) {
      throw BootstrapException.localFile("cannot read " + source, e);
    }
  }

  private void readEntries(JsonParser parser, JsonToken value, int line, Consumer<Entry> sink)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw invalid(line, "\"auths\" must be an object");
    }
    int position = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      position++;
      int entryLine = parser.currentLocation().getLineNr();
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(entryLine, "auths/{} must be an object", Name.registry(position));
      }
      sink.accept(readEntry(parser, key, entryLine, position));
    }
  }

  private static Entry readEntry(JsonParser parser, String key, int line, int position)
      throws IOException {
    Secret auth = null;
    boolean identityToken = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("auth") && value == JsonToken.VALUE_STRING && !parser.getText().isEmpty()) {
        auth = Secret.of(parser.getText());
      } else if (field.equals("identitytoken") && value == JsonToken.VALUE_STRING) {
        identityToken = true;
      }
      parser.skipChildren();
    }
    return new Entry(key, line, position, auth, identityToken);
  }

  private void readHelpers(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      registriesWithHelper.add(RegistryNames.normalize(parser.currentName()));
      parser.nextToken();
      parser.skipChildren();
    }
  }

  private List<RegistryCredential> select(List<String> wanted, Consumer<String> warnings) {
    Map<String, List<Entry>> sameRegistry = new LinkedHashMap<>();
    entries
        .values()
        .forEach(
            entry ->
                sameRegistry
                    .computeIfAbsent(RegistryNames.normalize(entry.key()), key -> new ArrayList<>())
                    .add(entry));
    Map<String, Entry> byRegistry = new LinkedHashMap<>();
    sameRegistry.forEach((registry, found) -> byRegistry.put(registry, chosen(registry, found)));
    List<RegistryCredential> credentials = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (wanted.isEmpty()) {
      for (Map.Entry<String, Entry> found : byRegistry.entrySet()) {
        Entry entry = found.getValue();
        Name name = Name.registry(entry.position());
        warnOfOthers(sameRegistry.get(found.getKey()), entry, warnings);
        if (entry.auth() == null) {
          warnings.accept(
              skipped(whyUnusable(found.getKey(), entry), entry.line(), name).render(source));
        } else {
          credentials.add(decode(found.getKey(), name, entry, problems));
        }
      }
      if (credentials.isEmpty() && problems.isEmpty()) {
        problems.add(
            Problem.error(
                0,
                credsStore || !registriesWithHelper.isEmpty()
                    ? "has no registry with an inline \"auth\"; its logins are kept by a credential"
                        + " helper, which the ECS agent cannot use: use --username and"
                        + " --password-stdin"
                    : "has no registry with an inline \"auth\"; run docker login first"));
      }
    } else {
      for (int i = 0; i < wanted.size(); i++) {
        String registry = wanted.get(i);
        Name name = Name.registryOption(i + 1);
        Entry entry = byRegistry.get(registry);
        if (entry != null) {
          warnOfOthers(sameRegistry.get(registry), entry, warnings);
        }
        if (entry != null && entry.auth() != null) {
          credentials.add(decode(registry, name, entry, problems));
        } else if (entry == null && !usesHelper(registry)) {
          problems.add(Problem.error(0, "{}: not in this file", name));
        } else {
          problems.add(
              refused(whyUnusable(registry, entry), entry == null ? 0 : entry.line(), name));
        }
      }
    }
    if (problems.isEmpty() && !usableTogether(credentials)) {
      problems.add(
          Problem.error(
              0,
              "the registries taken from this file break a rule of ECS_ENGINE_AUTH_DATA together"
                  + " (path keys of one host with different logins and no key of the host alone):"
                  + " the ECS agent could not tell which login an image needs; name the ones to"
                  + " publish with --registry"));
    }
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidContent(source, problems);
    }
    return credentials;
  }

  /**
   * The entry docker uses among those of one registry: the one whose key is exactly the registry's
   * name, else the first in the file. Docker's file store looks the exact key up first, and only
   * then compares each key's ConvertToHostname, in Go's random map order (fileStore.Get in
   * cli/config/credentials/file_store.go, docker/cli v29.7.2); the first in the file makes our
   * choice stable.
   */
  private static Entry chosen(String registry, List<Entry> found) {
    return found.stream()
        .filter(entry -> entry.key().equals(registry))
        .findFirst()
        .orElse(found.get(0));
  }

  /** A warning for each entry of the same registry that is not used. */
  private void warnOfOthers(List<Entry> found, Entry used, Consumer<String> warnings) {
    for (Entry other : found) {
      if (other != used) {
        warnings.accept(
            Problem.warning(
                    other.line(),
                    "skipped {}: the same registry as {}, whose login is used (docker looks up the"
                        + " exact key first)",
                    Name.registry(other.position()),
                    Name.registry(used.position()))
                .render(source));
      }
    }
  }

  /**
   * Whether the registry keys publish writes for these logins pass apply's rules as a whole (which
   * keys the agent can select is decided for the whole map); each key alone is checked in {@link
   * #decode}, so none of these is null.
   */
  private static boolean usableTogether(List<RegistryCredential> credentials) {
    byte[] fragment = FragmentRenderer.render(EngineAuthType.DOCKER, credentials);
    return FragmentValidator.check(fragment).stream().noneMatch(Problem::isError);
  }

  /**
   * Whether {@code key}, as written in the file, becomes ({@code registry}) a registry key apply
   * accepts: docker never finds a key with white space at an end (it compares keys as written, or
   * their ConvertToHostname), a key that normalizes to another on a second pass names no stable
   * registry, and the rest is apply's rule for a registry key, checked on a placeholder login.
   */
  private static boolean isUsableKey(String key, String registry) {
    if (!key.equals(key.strip()) || !RegistryNames.normalize(registry).equals(registry)) {
      return false;
    }
    byte[] fragment =
        FragmentRenderer.render(
            EngineAuthType.DOCKER,
            List.of(new RegistryCredential(registry, "user", Secret.of("password"))));
    return FragmentValidator.check(fragment).stream().noneMatch(Problem::isError);
  }

  private boolean usesHelper(String registry) {
    return registriesWithHelper.contains(registry) || credsStore;
  }

  private Unusable whyUnusable(String registry, Entry entry) {
    if (entry != null && entry.identityToken()) {
      return Unusable.IDENTITY_TOKEN;
    }
    if (registriesWithHelper.contains(registry)) {
      return Unusable.CRED_HELPER;
    }
    return credsStore ? Unusable.CREDS_STORE : Unusable.NO_AUTH;
  }

  /** The warning for an entry left out when no registry was named. */
  private static Problem skipped(Unusable why, int line, Name registry) {
    return switch (why) {
      case IDENTITY_TOKEN ->
          Problem.warning(
              line,
              "skipped {}: has only an identity token, which the ECS agent cannot use; log in with"
                  + " a password",
              registry);
      case CRED_HELPER ->
          Problem.warning(
              line,
              "skipped {}: kept by the credential helper named in \"credHelpers\", which the ECS"
                  + " agent cannot use; use --username and --password-stdin for it",
              registry);
      case CREDS_STORE ->
          Problem.warning(
              line,
              "skipped {}: kept by the credential helper named in \"credsStore\", which the ECS"
                  + " agent cannot use; use --username and --password-stdin for it",
              registry);
      case NO_AUTH -> Problem.warning(line, "skipped {}: has no inline \"auth\"", registry);
    };
  }

  /** The error for a registry that was asked for with --registry. */
  private static Problem refused(Unusable why, int line, Name registry) {
    return switch (why) {
      case IDENTITY_TOKEN ->
          Problem.error(
              line,
              "{}: has only an identity token, which the ECS agent cannot use; log in with a"
                  + " password",
              registry);
      case CRED_HELPER ->
          Problem.error(
              line,
              "{}: kept by the credential helper named in \"credHelpers\", which the ECS agent"
                  + " cannot use; use --username and --password-stdin for it",
              registry);
      case CREDS_STORE ->
          Problem.error(
              line,
              "{}: kept by the credential helper named in \"credsStore\", which the ECS agent"
                  + " cannot use; use --username and --password-stdin for it",
              registry);
      case NO_AUTH -> Problem.error(line, "{}: has no inline \"auth\"", registry);
    };
  }

  private RegistryCredential decode(
      String registry, Name name, Entry entry, List<Problem> problems) {
    if (!isUsableKey(entry.key(), registry)) {
      problems.add(
          Problem.error(
              entry.line(),
              "{}: the key is not a registry host the ECS agent can use (apply's rules for the"
                  + " keys of ECS_ENGINE_AUTH_DATA; run validate on a fragment for the reason)",
              name));
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(entry.auth().reveal().strip());
    } catch (IllegalArgumentException e) {
      problems.add(Problem.error(entry.line(), "{}: \"auth\" is not base64", name));
      return null;
    }
    // Strict: a lenient decode would turn each malformed byte into U+FFFD, i.e. publish some
    // other password without a word.
    Optional<String> text = Utf8.decode(bytes);
    if (text.isEmpty()) {
      problems.add(
          Problem.error(
              entry.line(),
              "{}: \"auth\" holds a user or password that is not UTF-8 text, which publish cannot"
                  + " write unchanged",
              name));
      return null;
    }
    String decoded = text.get();
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      problems.add(
          Problem.error(entry.line(), "{}: \"auth\" is not base64 of user:password", name));
      return null;
    }
    return new RegistryCredential(
        registry, decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1)));
  }

  private BootstrapException invalid(
      int line, @CompileTimeConstant String template, Name... names) {
    return BootstrapException.invalidContent(source, List.of(Problem.error(line, template, names)));
  }
}
