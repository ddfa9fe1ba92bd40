package dev.ecsbootstrap.ecsconfig;

import static dev.ecsbootstrap.ecsconfig.Draw.oneOf;

import dev.ecsbootstrap.fragment.EcsKeys;
import dev.ecsbootstrap.fragment.EngineAuthType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * One mistake that makes a valid fragment invalid, each a rule of FragmentValidator (style.md
 * docs/validation.md): injected into a fragment that has the part it changes.
 */
enum FragmentDefect {
  DUPLICATED_KEY(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      FragmentDraft draft = fragment.draft();
      int line = draft.lineOf(anyKey(fragment, random));
      return draft
          .withLineInserted(random.nextInt(line + 1, draft.size() + 1), draft.line(line).strip())
          .render();
    }
  },
  LOWER_CASE_KEY(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      return withSetting(fragment, key, key.toLowerCase(Locale.ROOT), value(fragment, key));
    }
  },
  EXPORT_PREFIX(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      return withSetting(fragment, key, "export " + key, value(fragment, key));
    }
  },
  QUOTED_VALUE(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      String quote = oneOf(random, "\"", "'");
      return withSetting(fragment, key, key, quote + value(fragment, key) + quote);
    }
  },
  WHITESPACE_AROUND_EQUALS(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      String space = spaceOrControl(random, " ", "\t");
      String line =
          oneOf(random, key + space + "=", key + "=" + space, key + space + "=" + space)
              + value(fragment, key);
      return fragment.draft().withSettingLine(key, line).render();
    }
  },
  TRAILING_WHITESPACE(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      String space = spaceOrControl(random, " ", "\t");
      return withSetting(fragment, key, key, value(fragment, key) + space);
    }
  },
  SPACE_OR_CONTROL_BEFORE_KEY(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      String before = oneOf(random, "", " ", "\t") + spaceOrControl(random);
      return withSetting(fragment, key, before + key, value(fragment, key));
    }
  },
  CONTROL_CHARACTER_IN_VALUE(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      String value = value(fragment, key);
      int at = random.nextInt(value.length() + 1);
      String control = Character.toString(oneOf(random, CONTROL_BUT_TAB_LF_CR));
      return withSetting(
          fragment, key, key, value.substring(0, at) + control + value.substring(at));
    }
  },
  CARRIAGE_RETURN_INSIDE_LINE(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = anyKey(fragment, random);
      String broken = key.charAt(0) + "\r" + key.substring(1);
      return withSetting(fragment, key, broken, value(fragment, key));
    }
  },
  NOT_KEY_VALUE(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      FragmentDraft draft = fragment.draft();
      String junk = oneOf(random, "just some words", "ECS_CLUSTER", "[section]", "}");
      return draft.withLineInserted(random.nextInt(draft.size() + 1), junk).render();
    }
  },
  BYTE_ORDER_MARK(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      bytes.writeBytes(fragment.bytes());
      return bytes.toByteArray();
    }
  },
  INVALID_UTF8(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String marker = "@@not-utf-8@@";
      FragmentDraft draft = fragment.draft();
      byte[] text =
          draft.withLineInserted(random.nextInt(draft.size() + 1), "# " + marker).render();
      return replace(text, marker, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    }
  },
  PASSWORD_AS_KEY(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      FragmentDraft draft = fragment.draft();
      String line = ValidFragments.fakePassword(random) + "=" + anyKey(fragment, random);
      return draft.withLineInserted(random.nextInt(draft.size() + 1), line).render();
    }
  },
  NOTHING_SET(ValidFragments.Needs.NOTHING) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      FragmentDraft draft = fragment.draft();
      for (String key : fragment.settings().keySet()) {
        draft = draft.withoutLine(draft.lineOf(key));
      }
      return draft.render();
    }
  },
  BACKSLASH_IN_PLAIN_VALUE(ValidFragments.Needs.PLAIN_VALUE) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = oneOf(random, List.copyOf(fragment.plainKeys()));
      String value = value(fragment, key);
      int at = random.nextInt(value.length() + 1);
      return withSetting(fragment, key, key, value.substring(0, at) + "\\" + value.substring(at));
    }
  },
  INLINE_COMMENT(ValidFragments.Needs.PLAIN_VALUE) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = oneOf(random, List.copyOf(fragment.plainKeys()));
      return withSetting(fragment, key, key, value(fragment, key) + " # a note");
    }
  },
  SECOND_ASSIGNMENT_ON_THE_LINE(ValidFragments.Needs.PLAIN_VALUE) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String key = oneOf(random, List.copyOf(fragment.plainKeys()));
      return withSetting(fragment, key, key, value(fragment, key) + " ECS_LOGLEVEL=debug");
    }
  },
  UNKNOWN_AUTH_TYPE(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String type = oneOf(random, "Docker", "DOCKERCFG", "basic", "ecr", "", "docker-cfg");
      return withSetting(fragment, EcsKeys.AUTH_TYPE, EcsKeys.AUTH_TYPE, type);
    }
  },
  AUTH_TYPE_OF_THE_OTHER_FORMAT(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      EngineAuthType other =
          auth(fragment).type() == EngineAuthType.DOCKER
              ? EngineAuthType.DOCKERCFG
              : EngineAuthType.DOCKER;
      return withSetting(fragment, EcsKeys.AUTH_TYPE, EcsKeys.AUTH_TYPE, other.wireName());
    }
  },
  DATA_WITHOUT_TYPE(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      FragmentDraft draft = fragment.draft();
      return draft.withoutLine(draft.lineOf(EcsKeys.AUTH_TYPE)).render();
    }
  },
  TYPE_WITHOUT_DATA(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      FragmentDraft draft = fragment.draft();
      return draft.withoutLine(draft.lineOf(EcsKeys.AUTH_DATA)).render();
    }
  },
  MALFORMED_JSON(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      String json = auth(fragment).json();
      String broken =
          switch (random.nextInt(5)) {
            case 0 -> json.substring(0, json.length() - 1);
            case 1 -> json.substring(0, json.length() - 1) + ",}";
            case 2 -> json.replaceFirst("\"", "'");
            case 3 -> json + " x";
            default -> "[" + json + "]";
          };
      return withData(fragment, broken);
    }
  },
  AUTHS_WRAPPER(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      return withData(fragment, "{\"auths\":" + auth(fragment).json() + "}");
    }
  },
  DUPLICATE_REGISTRY(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      AuthData data = auth(fragment);
      List<AuthData.Entry> entries = new ArrayList<>(data.entries());
      entries.add(random.nextInt(entries.size() + 1), oneOf(random, data.entries()));
      return withData(fragment, data.withEntries(entries).json());
    }
  },
  UPPER_CASE_REGISTRY(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      return withOneEntryChanged(
          fragment, random, (data, entry) -> entry.withRegistryInUpperCase());
    }
  },
  PASSWORD_AS_REGISTRY_KEY(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      return withOneEntryChanged(
          fragment,
          random,
          (data, entry) -> entry.withRegistry(ValidFragments.fakePassword(random)));
    }
  },
  MISSING_CREDENTIAL(ValidFragments.Needs.AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      return withOneEntryChanged(
          fragment,
          random,
          (data, entry) ->
              entry.withoutField(
                  data.type() == EngineAuthType.DOCKER
                      ? oneOf(random, "username", "password")
                      : "auth"));
    }
  },
  BAD_DOCKERCFG_AUTH(ValidFragments.Needs.DOCKERCFG_AUTH) {
    @Override
    byte[] inject(ValidFragment fragment, RandomGenerator random) {
      return withOneEntryChanged(
          fragment,
          random,
          (data, entry) ->
              entry.withField(
                  "auth",
                  oneOf(
                      random,
                      "not base64!",
                      ValidFragments.base64("user-without-a-colon"),
                      ValidFragments.base64(":" + ValidFragments.fakePassword(random)))));
    }
  };

  private final ValidFragments.Needs needs;

  FragmentDefect(ValidFragments.Needs needs) {
    this.needs = needs;
  }

  /** What the valid fragment must contain for this defect to be injected into it. */
  ValidFragments.Needs needs() {
    return needs;
  }

  /** The bytes of {@code fragment} with this defect; {@code fragment} has what {@link #needs}. */
  abstract byte[] inject(ValidFragment fragment, RandomGenerator random);

  /**
   * Go's white space but space and tab, and some control characters Go keeps (Java strips some).
   */
  private static final List<Integer> OTHER_SPACE_OR_CONTROL =
      List.of(
          0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2000, 0x2007, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
          0x3000, 0x00, 0x01, 0x1B, 0x1C, 0x1F, 0x7F, 0x9F);

  private static final List<Integer> CONTROL_BUT_TAB_LF_CR =
      List.of(0x00, 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1C, 0x1F, 0x7F, 0x85, 0x9F);

  /** One of {@link #OTHER_SPACE_OR_CONTROL}, or now and then one of {@code ascii}. */
  private static String spaceOrControl(RandomGenerator random, String... ascii) {
    if (ascii.length > 0 && random.nextBoolean()) {
      return oneOf(random, ascii);
    }
    return Character.toString(oneOf(random, OTHER_SPACE_OR_CONTROL));
  }

  private static String anyKey(ValidFragment fragment, RandomGenerator random) {
    return oneOf(random, List.copyOf(fragment.settings().keySet()));
  }

  private static String value(ValidFragment fragment, String key) {
    return fragment.settings().get(key);
  }

  /**
   * The fragment with one registry entry, drawn at random, replaced by {@code change} of it (which
   * may draw more from {@code random}, after the entry).
   */
  private static byte[] withOneEntryChanged(
      ValidFragment fragment,
      RandomGenerator random,
      BiFunction<AuthData, AuthData.Entry, AuthData.Entry> change) {
    AuthData data = auth(fragment);
    int index = random.nextInt(data.entries().size());
    AuthData.Entry entry = change.apply(data, data.entries().get(index));
    return withData(fragment, data.withEntry(index, entry).json());
  }

  private static AuthData auth(ValidFragment fragment) {
    return fragment.auth().orElseThrow();
  }

  private static byte[] withSetting(
      ValidFragment fragment, String key, String newKey, String value) {
    return fragment.draft().withSettingLine(key, newKey + "=" + value).render();
  }

  private static byte[] withData(ValidFragment fragment, String json) {
    return withSetting(fragment, EcsKeys.AUTH_DATA, EcsKeys.AUTH_DATA, json);
  }

  private static byte[] replace(byte[] text, String marker, byte[] replacement) {
    String latin1 = new String(text, StandardCharsets.ISO_8859_1);
    int at = latin1.indexOf(marker);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(text, 0, at);
    bytes.writeBytes(replacement);
    bytes.write(text, at + marker.length(), text.length - at - marker.length());
    return bytes.toByteArray();
  }
}
