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
import dev.ecsbootstrap.fragment.RegistryNames;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            if (value == JsonToken.START_OBJECT) {
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
    Map<String, Entry> byRegistry = new LinkedHashMap<>();
    entries
        .values()
        .forEach(entry -> byRegistry.putIfAbsent(RegistryNames.normalize(entry.key()), entry));
    List<RegistryCredential> credentials = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (wanted.isEmpty()) {
      for (Map.Entry<String, Entry> found : byRegistry.entrySet()) {
        Entry entry = found.getValue();
        Name name = Name.registry(entry.position());
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
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidContent(source, problems);
    }
    return credentials;
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
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(entry.auth().reveal().strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      problems.add(Problem.error(entry.line(), "{}: \"auth\" is not base64", name));
      return null;
    }
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
