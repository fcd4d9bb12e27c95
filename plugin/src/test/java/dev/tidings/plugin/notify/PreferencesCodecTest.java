package dev.tidings.plugin.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.notify.prefs.EventKind;
import dev.tidings.plugin.notify.prefs.Preferences;
import dev.tidings.plugin.notify.prefs.PreferencesCodec;
import dev.tidings.plugin.notify.prefs.ValidationException;
import dev.tidings.plugin.notify.prefs.WatchLevel;
import org.junit.jupiter.api.Test;

/** The preferences document: defaults, partial merges, and the field named by each rejection. */
class PreferencesCodecTest {

  final ObjectMapper mapper = new ObjectMapper();

  Preferences merge(Preferences p, String json) throws Exception {
    return PreferencesCodec.merge(p, mapper.readTree(json));
  }

  @Test
  void defaultsAndPartialMergeKeepEverythingNotNamed() throws Exception {
    Preferences d = Preferences.defaults();
    assertThat(d.defaultLevel()).isEqualTo(WatchLevel.PARTICIPATING);
    assertThat(d.ownActions()).isFalse();
    assertThat(d.delivery(EventKind.MENTIONS).desktop()).isTrue();
    assertThat(d.delivery(EventKind.PUSHES).desktop()).isFalse();
    Preferences p = merge(d, "{\"kinds\":{\"pushes\":{\"desktop\":true}}}");
    assertThat(p.delivery(EventKind.PUSHES).desktop()).isTrue();
    assertThat(p.delivery(EventKind.PUSHES).inApp()).isTrue();
    Preferences q = merge(p, "{\"default_level\":\"mentions\"}");
    assertThat(q.delivery(EventKind.PUSHES).desktop()).isTrue();
    assertThat(q.defaultLevel()).isEqualTo(WatchLevel.MENTIONS);
    // Stored and loaded again, nothing is lost.
    assertThat(PreferencesCodec.load(mapper, PreferencesCodec.store(mapper, q))).isEqualTo(q);
  }

  @Test
  void eachBadFieldIsNamed() {
    String[][] cases = {
        {"{\"default_level\":3}", "default_level"},
        {"{\"default_level\":\"Watching\"}", "default_level"},
        {"{\"custom_kinds\":[\"mentions\"]}", "custom_kinds"},
        {"{\"custom_kinds\":\"pushes\"}", "custom_kinds"},
        {"{\"own_actions\":\"true\"}", "own_actions"},
        {"{\"kinds\":[]}", "kinds"},
        {"{\"kinds\":{\"tweets\":{}}}", "kinds.tweets"},
        {"{\"kinds\":{\"prs\":{\"sms\":true}}}", "kinds.prs.sms"},
        {"{\"kinds\":{\"prs\":{\"in_app\":null}}}", "kinds.prs.in_app"},
        {"{\"default_level\":\"custom\",\"custom_kinds\":[]}", "custom_kinds"},
        {"{\"volume\":11}", "volume"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> merge(Preferences.defaults(), c[0])).as(c[0])
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(c[1]));
    }
  }

  @Test
  void aDamagedStoredDocumentFallsBackToDefaults() {
    assertThat(PreferencesCodec.load(mapper, "{not json")).isEqualTo(Preferences.defaults());
  }
}
