package dev.tidings.plugin.notify.prefs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the preferences JSON documented in docs/notifications.md; a PUT document is
 * merged over the current preferences and every field is validated before anything is saved.
 */
public final class PreferencesCodec {

  private PreferencesCodec() {}

  /** The JSON form of {@code p} (maps and lists, ready for Jackson). */
  public static Map<String, Object> toJson(Preferences p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("default_level", p.defaultLevel().wire());
    out.put("custom_kinds", kinds(p.customKinds()));
    out.put("own_actions", p.ownActions());
    Map<String, Object> kinds = new LinkedHashMap<>();
    for (EventKind k : EventKind.values()) {
      Preferences.Delivery d = p.delivery(k);
      Map<String, Object> dj = new LinkedHashMap<>();
      dj.put("in_app", d.inApp());
      dj.put("desktop", d.desktop());
      kinds.put(k.wire(), dj);
    }
    out.put("kinds", kinds);
    return out;
  }

  /** Wire names of {@code kinds} in declaration order. */
  public static List<String> kinds(Set<EventKind> kinds) {
    List<String> out = new ArrayList<>();
    for (EventKind k : EventKind.values()) {
      if (kinds.contains(k)) {
        out.add(k.wire());
      }
    }
    return out;
  }

  /** Stored form of a preferences document. */
  public static String store(ObjectMapper mapper, Preferences p) {
    try {
      return mapper.writeValueAsString(toJson(p));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stored document; a damaged one falls back to the defaults rather than breaking delivery. */
  public static Preferences load(ObjectMapper mapper, String json) {
    try {
      return merge(Preferences.defaults(), mapper.readTree(json));
    } catch (Exception e) {
      return Preferences.defaults();
    }
  }

  /** {@code current} with the fields present in {@code patch} replaced; throws on the first bad field. */
  public static Preferences merge(Preferences current, JsonNode patch) throws ValidationException {
    if (patch == null || !patch.isObject()) {
      throw new ValidationException("body", "request body must be a JSON object");
    }
    WatchLevel level = current.defaultLevel();
    Set<EventKind> custom = current.customKinds().isEmpty()
        ? EnumSet.noneOf(EventKind.class) : EnumSet.copyOf(current.customKinds());
    boolean own = current.ownActions();
    Map<EventKind, Preferences.Delivery> delivery = new EnumMap<>(current.delivery());
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "default_level" -> level = level(v, "default_level");
        case "custom_kinds" -> custom = watchableKinds(v, "custom_kinds");
        case "own_actions" -> own = bool(v, "own_actions");
        case "kinds" -> {
          if (!v.isObject()) {
            throw new ValidationException("kinds", "kinds must be an object keyed by event kind");
          }
          for (Map.Entry<String, JsonNode> ke : v.properties()) {
            String field = "kinds." + ke.getKey();
            EventKind kind = EventKind.parse(ke.getKey()).orElseThrow(() -> new ValidationException(
                field, "unknown event kind '" + ke.getKey() + "'; expected one of " + allKinds()));
            JsonNode d = ke.getValue();
            if (!d.isObject()) {
              throw new ValidationException(field, field + " must be an object with in_app and desktop");
            }
            Preferences.Delivery old = delivery.get(kind);
            boolean inApp = old.inApp();
            boolean desktop = old.desktop();
            for (Map.Entry<String, JsonNode> de : d.properties()) {
              switch (de.getKey()) {
                case "in_app" -> inApp = bool(de.getValue(), field + ".in_app");
                case "desktop" -> desktop = bool(de.getValue(), field + ".desktop");
                default -> throw new ValidationException(field + "." + de.getKey(),
                    "unknown field '" + de.getKey() + "'; expected in_app or desktop");
              }
            }
            delivery.put(kind, new Preferences.Delivery(inApp, desktop));
          }
        }
        default -> throw new ValidationException(e.getKey(), "unknown field '" + e.getKey()
            + "'; expected default_level, custom_kinds, own_actions or kinds");
      }
    }
    if (level == WatchLevel.CUSTOM && custom.isEmpty()) {
      throw new ValidationException("custom_kinds", "a custom level needs at least one kind in custom_kinds");
    }
    return new Preferences(level, custom, own, delivery);
  }

  /**
   * A per-repository level document {@code {"level":...,"kinds":[...]}}: {@code kinds} is required
   * for {@code custom} and allowed for nothing else; throws on the first bad field.
   */
  public static EffectiveLevel repoLevel(JsonNode body) throws ValidationException {
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (!e.getKey().equals("level") && !e.getKey().equals("kinds")) {
        throw new ValidationException(e.getKey(), "unknown field '" + e.getKey() + "'; expected level and kinds");
      }
    }
    WatchLevel level = level(body.get("level"), "level");
    Set<EventKind> kinds = watchableKinds(body.get("kinds"), "kinds");
    if (level == WatchLevel.CUSTOM && kinds.isEmpty()) {
      throw new ValidationException("kinds", "a custom level needs at least one kind");
    }
    if (level != WatchLevel.CUSTOM && !kinds.isEmpty()) {
      throw new ValidationException("kinds", "kinds apply only to the custom level");
    }
    return new EffectiveLevel(level, kinds);
  }

  /** Parses a watch level value. */
  public static WatchLevel level(JsonNode v, String field) throws ValidationException {
    if (v == null || !v.isTextual()) {
      throw new ValidationException(field, field + " must be one of watching, participating, mentions, ignore, custom");
    }
    return WatchLevel.parse(v.asText()).orElseThrow(() -> new ValidationException(field,
        "unknown watch level '" + v.asText() + "'; expected watching, participating, mentions, ignore or custom"));
  }

  /** Parses a list of watchable kinds. */
  public static Set<EventKind> watchableKinds(JsonNode v, String field) throws ValidationException {
    if (v == null || v.isNull()) {
      return EnumSet.noneOf(EventKind.class);
    }
    if (!v.isArray()) {
      throw new ValidationException(field, field + " must be an array of pushes, prs, issues, comments, reviews");
    }
    Set<EventKind> out = EnumSet.noneOf(EventKind.class);
    for (JsonNode item : v) {
      EventKind k = item.isTextual() ? EventKind.parse(item.asText()).orElse(null) : null;
      if (k == null || !k.watchable()) {
        throw new ValidationException(field, "unknown kind " + item + " in " + field
            + "; expected pushes, prs, issues, comments or reviews");
      }
      out.add(k);
    }
    return out;
  }

  private static boolean bool(JsonNode v, String field) throws ValidationException {
    if (v == null || !v.isBoolean()) {
      throw new ValidationException(field, field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static String allKinds() {
    return String.join(", ", kinds(EnumSet.allOf(EventKind.class)));
  }
}
