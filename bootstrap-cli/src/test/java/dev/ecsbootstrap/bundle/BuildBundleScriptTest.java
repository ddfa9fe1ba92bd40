package dev.ecsbootstrap.bundle;

import dev.ecsbootstrap.testing.Shellcheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundle build's script, held to the templates' standard; BundleIT checks what it builds. */
class BuildBundleScriptTest {
  @Test
  void shellcheckFindsNothing() {
    Shellcheck.assertClean(List.of(Path.of("src/bundle/build-bundle.sh")));
  }
}
