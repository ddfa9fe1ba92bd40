package dev.ecsbootstrap.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecsbootstrap.BootstrapException;
import dev.ecsbootstrap.Problem;
import dev.ecsbootstrap.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads logins from a docker {@code config.json}, in the current layout (entries under {@code
 * "auths"}, maybe with {@code credsStore}/{@code credHelpers}) or the legacy {@code .dockercfg} one
 * (entries at the top level). Only inline {@code auth} can be used: the ECS agent cannot run a
 * credential helper, and an identity token is not a password.
 */
public final class DockerConfigReader {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final String source;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> helperByRegistry = new LinkedHashMap<>();
  private String credsStore;

  /** One registry entry as found in the file; its fields stay secret. */
  private record Entry(String key, int line, Secret auth, boolean identityToken) {}

  private DockerConfigReader(String source) {
    this.source = source;
  }

  /**
   * The logins for {@code wanted} registries (normalized), or for every entry with inline auth when
   * none is named. Skipped entries are reported to {@code warnings}.
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
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        int line = parser.currentLocation().getLineNr();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "auths" -> {
            current = true;
            readEntries(parser, value, line, entry -> entries.put(entry.key(), entry));
          }
          case "credsStore" ->
              credsStore = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          case "credHelpers" -> readHelpers(parser, value);
          default -> {
            if (value == JsonToken.START_OBJECT) {
              legacy.add(readEntry(parser, name, line));
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
    } catch (IOException e) {
      throw BootstrapException.localFile("cannot read " + source, e);
    }
  }

  private void readEntries(JsonParser parser, JsonToken value, int line, Consumer<Entry> sink)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw invalid(line, "\"auths\" must be an object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int entryLine = parser.currentLocation().getLineNr();
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(entryLine, "auths/" + key + " must be an object");
      }
      sink.accept(readEntry(parser, key, entryLine));
    }
  }

  private static Entry readEntry(JsonParser parser, String key, int line) throws IOException {
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
    return new Entry(key, line, auth, identityToken);
  }

  private void readHelpers(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String registry = parser.currentName();
      parser.nextToken();
      helperByRegistry.put(RegistryNames.normalize(registry), parser.getText());
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
        if (found.getValue().auth() == null) {
          warnings.accept(
              source
                  + ":"
                  + found.getValue().line()
                  + ": skipped "
                  + found.getKey()
                  + ": "
                  + whyUnusable(found.getKey(), found.getValue()));
        } else {
          credentials.add(decode(found.getKey(), found.getValue(), problems));
        }
      }
      if (credentials.isEmpty() && problems.isEmpty()) {
        problems.add(
            Problem.error(
                0,
                "has no registry with an inline \"auth\"; "
                    + (credsStore != null || !helperByRegistry.isEmpty()
                        ? "its logins are kept by a credential helper, which the ECS agent cannot use:"
                            + " use --username and --password-stdin"
                        : "run docker login first")));
      }
    } else {
      for (String registry : wanted) {
        Entry entry = byRegistry.get(registry);
        if (entry != null && entry.auth() != null) {
          credentials.add(decode(registry, entry, problems));
        } else {
          problems.add(
              Problem.error(
                  entry == null ? 0 : entry.line(),
                  registry
                      + ": "
                      + (entry == null && !usesHelper(registry)
                          ? "not in this file"
                          : whyUnusable(registry, entry))));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidContent(source, problems);
    }
    return credentials;
  }

  private boolean usesHelper(String registry) {
    return helperByRegistry.containsKey(registry) || credsStore != null;
  }

  private String whyUnusable(String registry, Entry entry) {
    if (entry != null && entry.identityToken()) {
      return "has only an identity token, which the ECS agent cannot use; log in with a password";
    }
    String helper = helperByRegistry.getOrDefault(registry, credsStore);
    return helper == null
        ? "has no inline \"auth\""
        : "kept by the credential helper '"
            + helper
            + "', which the ECS agent cannot use; use"
            + " --username and --password-stdin for it";
  }

  private RegistryCredential decode(String registry, Entry entry, List<Problem> problems) {
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(entry.auth().reveal().strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      problems.add(Problem.error(entry.line(), registry + ": \"auth\" is not base64"));
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      problems.add(
          Problem.error(entry.line(), registry + ": \"auth\" is not base64 of user:password"));
      return null;
    }
    return new RegistryCredential(
        registry, decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1)));
  }

  private BootstrapException invalid(int line, String message) {
    return BootstrapException.invalidContent(source, List.of(Problem.error(line, message)));
  }
}
