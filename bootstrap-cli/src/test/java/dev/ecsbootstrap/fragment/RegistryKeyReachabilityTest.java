package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsbootstrap.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The property of issue 10, class A: {@code validate} accepts the registry keys of an
 * ECS_ENGINE_AUTH_DATA exactly when every one of them is used by the agent for some valid image
 * reference, in some order of Go's map iteration. The test decides that on its own ({@link
 * AgentImageMatching}): it enumerates image references derived from the keys (each key, its host,
 * and completions of both), keeps those Docker's grammar accepts, and runs the agent's matching on
 * each in every iteration order. Keys come from Docker's reference grammar, then some are mutated
 * (a character inserted, replaced or dropped, a scheme added or misspelt); every key of a map
 * carries the same login, so that only reachability can be an error.
 */
class RegistryKeyReachabilityTest {
  /** The mutation run replays this test for each mutated class, so it asks for fewer maps. */
  private static final int MAPS = Integer.getInteger("reachability.maps", 2000);

  private static final String HEX64 = "0123456789abcdef".repeat(4);

  /** Completions that make a prefix an image reference, whatever part of the grammar it ends in. */
  private static final List<String> COMPLETIONS =
      List.of(
          "",
          "a",
          "0",
          "/a",
          "a/a",
          "-a",
          ".a",
          "_a",
          "__a",
          ":t",
          "a:t",
          "/a:t",
          "t",
          "@sha256:" + HEX64,
          "a@sha256:" + HEX64,
          "sha256:" + HEX64,
          ":" + HEX64,
          HEX64,
          "/zz9");

  private static final List<String> HOSTS =
      List.of(
          "reg.example.com",
          "r.io",
          "localhost",
          "localhost:5000",
          "reg:5000",
          "10.0.0.1:443",
          "[::1]:5000",
          "[fe80::1]",
          "a-b.example.com",
          "registry",
          "default",
          "docker.io",
          "index.docker.io",
          "registry-1.docker.io");
  private static final List<String> REGISTRY_HOSTS =
      List.of("reg.example.com", "r.io", "localhost:5000", "[::1]:5000", "a-b.example.com");
  private static final List<String> SCHEMES =
      List.of(
          "", "", "", "https://", "http://", "HTTPS://", "ftp://", "https//", "https://http://");
  private static final List<String> PATHS =
      List.of(
          "",
          "",
          "",
          "/",
          "/v1/",
          "/v2/",
          "/team",
          "/team/",
          "/team/app",
          "/Team",
          "/team:tag",
          "/app@sha256:" + HEX64,
          "/a__b",
          "/a-b",
          "/a.b",
          "/te",
          "/team/app:v1.2");
  private static final List<String> MUTATIONS =
      List.of(
          " ", "\t", "\n", ".", "*", "@", "?", ":", "_", "-", "/", "A", "\u00e9", "\u00a0", "#",
          "[", "a", "0");

  /** Candidates repeat across maps (hosts and paths come from small pools): decide each once. */
  private static final Map<String, Boolean> VALID_IMAGES = new HashMap<>();

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @Test
  void acceptsTheKeysExactlyWhenTheAgentCanUseEachOfThem() {
    Random random = new Random(20261127L);
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < MAPS; i++) {
      List<String> keys = keys(random);
      Set<String> unused = unusedKeys(keys);
      List<Problem> errors =
          FragmentValidator.check(fragment(keys)).stream().filter(Problem::isError).toList();
      assertThat(errors.size())
          .as(
              "keys %s: the agent never uses %s; validate reported %s",
              printable(keys), printable(List.copyOf(unused)), errors)
          .isEqualTo(unused.size());
      if (unused.isEmpty()) {
        accepted++;
      } else {
        rejected++;
      }
    }
    // The generator must exercise both sides of the property, not only one.
    assertThat(accepted).isGreaterThan(MAPS / 4);
    assertThat(rejected).isGreaterThan(MAPS / 4);
  }

  /** The written keys that no candidate image selects in any iteration order. */
  private static Set<String> unusedKeys(List<String> written) {
    List<String> mapKeys = AgentImageMatching.mapKeys(written);
    Set<String> used = new HashSet<>();
    List<List<String>> orders = permutations(mapKeys);
    for (String image : candidateImages(mapKeys)) {
      for (List<String> order : orders) {
        String selected = AgentImageMatching.selectedKey(image, order);
        if (selected != null) {
          used.add(selected);
        }
      }
    }
    Set<String> unused = new LinkedHashSet<>();
    for (String key : written) {
      if (!used.contains(AgentImageMatching.mapKeys(List.of(key)).get(0))) {
        unused.add(key);
      }
    }
    return unused;
  }

  private static Set<String> candidateImages(List<String> mapKeys) {
    Set<String> prefixes = new LinkedHashSet<>(List.of("app", "library/app", "docker.io/app"));
    for (String key : mapKeys) {
      String host = key.split("/", 2)[0];
      prefixes.add(key);
      prefixes.add(host);
      prefixes.add(host + "/");
      prefixes.add(completeDigest(key));
    }
    Set<String> images = new LinkedHashSet<>();
    for (String prefix : prefixes) {
      for (String completion : COMPLETIONS) {
        String image = prefix + completion;
        if (VALID_IMAGES.computeIfAbsent(image, AgentImageMatching::isValidImage)) {
          images.add(image);
        }
      }
    }
    return images;
  }

  /** A key that ends inside a digest, padded with hex digits to a whole sha256 digest. */
  private static String completeDigest(String key) {
    int at = key.lastIndexOf("@sha256:");
    if (at < 0) {
      return key;
    }
    int hex = key.length() - (at + "@sha256:".length());
    return hex < 64 ? key + "a".repeat(64 - hex) : key;
  }

  private static List<String> keys(Random random) {
    while (true) {
      int count = 1 + random.nextInt(3);
      // Half the maps use only registry hosts and no mutation, so that about as many are
      // accepted as refused, and those refused are refused for the way their keys interact.
      boolean plain = random.nextBoolean();
      List<String> hostPool = plain ? REGISTRY_HOSTS : HOSTS;
      List<String> hosts = List.of(pick(random, hostPool), pick(random, hostPool));
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String scheme = plain ? pick(random, List.of("", "https://")) : pick(random, SCHEMES);
        String key = scheme + pick(random, hosts) + pick(random, PATHS);
        keys.add(!plain && random.nextInt(10) < 3 ? mutate(random, key) : key);
      }
      // Keys that repeat, as written or once the scheme is stripped, are rules of their own.
      if (new HashSet<>(keys).size() == count
          && AgentImageMatching.mapKeys(keys).size() == count
          && !keys.contains("auths")) {
        return keys;
      }
    }
  }

  private static String mutate(Random random, String key) {
    int at = random.nextInt(key.length() + 1);
    String character = pick(random, MUTATIONS);
    return switch (random.nextInt(4)) {
      case 0 -> key.substring(0, at) + character + key.substring(at);
      case 1 -> at < key.length() ? key.substring(0, at) + character + key.substring(at + 1) : key;
      case 2 -> at < key.length() ? key.substring(0, at) + key.substring(at + 1) : key;
      default -> key + character;
    };
  }

  private static byte[] fragment(List<String> keys) {
    ObjectNode data = JSON.createObjectNode();
    for (String key : keys) {
      data.putObject(key).put("username", "corpus-user").put("password", "corpus-S3cret");
    }
    try {
      String json = JSON.writeValueAsString(data);
      return ("ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA=" + json + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<List<String>> permutations(List<String> items) {
    if (items.size() <= 1) {
      return List.of(items);
    }
    List<List<String>> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<String> rest = new ArrayList<>(items);
      String first = rest.remove(i);
      for (List<String> tail : permutations(rest)) {
        List<String> order = new ArrayList<>();
        order.add(first);
        order.addAll(tail);
        result.add(order);
      }
    }
    return result;
  }

  private static String printable(List<String> keys) {
    return keys.stream()
        .map(key -> JSON.getNodeFactory().textNode(key).toString())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
