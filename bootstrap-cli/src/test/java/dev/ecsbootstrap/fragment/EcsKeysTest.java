package dev.ecsbootstrap.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The "did you mean" suggestion for an unknown key: the edit distance, and the cut-off at a quarter
 * of the key's length (at least 2). The warning that carries it is in the corpus.
 */
class EcsKeysTest {

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
    "'', '', 0",
    "'', abc, 3",
    "abc, '', 3",
    "abc, abc, 0",
    "kitten, sitting, 3",
    "ECS_CLUSTR, ECS_CLUSTER, 1",
    "ECS_CLUSTER, ECS_CLUSTR, 1",
    "ECS_CLSUTER, ECS_CLUSTER, 2"
  })
  void measuresLevenshteinDistance(String a, String b, int distance) {
    assertThat(EcsKeys.editDistance(a, b)).isEqualTo(distance);
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource({
    // 14 characters allow 3 edits: ECS_CLUSTER is exactly 3 away, 4 is too many.
    "ECS_CLUSTERXYZ, ECS_CLUSTER",
    "ECS_CLUSTERWXYZ, ''",
    // Short keys still allow 2.
    "ECS_CLUST, ECS_CLUSTER",
    "ECS_CLU, ''"
  })
  void suggestsTheClosestKnownKeyWithinAQuarterOfTheLength(String key, String suggestion) {
    assertThat(EcsKeys.closestKnown(key).orElse("")).isEqualTo(suggestion);
  }
}
