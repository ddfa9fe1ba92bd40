package dev.ecsbootstrap.publish;

import dev.ecsbootstrap.Secret;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fragment to upload (validated UTF-8, so its bytes survive), its redacted form, and what it
 * names.
 */
record PreparedFragment(Secret fragment, String redacted, String format, List<String> registries) {
  PreparedFragment {
    registries = List.copyOf(registries);
  }

  byte[] bytes() {
    return fragment.reveal().getBytes(StandardCharsets.UTF_8);
  }
}
