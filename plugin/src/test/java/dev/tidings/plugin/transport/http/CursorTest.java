package dev.tidings.plugin.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.plugin.log.ChannelPosition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void roundTripsEveryChannelsPositionInAUrlSafeString() {
    Map<String, ChannelPosition> p = new LinkedHashMap<>();
    p.put("repo:alice/demo", new ChannelPosition("k3x9", 42));
    p.put("user:alice", new ChannelPosition("zz", 0));
    String cursor = Cursor.encode(p);
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(Cursor.decode(cursor)).contains(p);
  }

  @Test
  void rejectsWhatItDidNotWrite() {
    assertThat(Cursor.decode("not a cursor!")).isEmpty();
    assertThat(Cursor.decode("aGVsbG8")).isEmpty();
    assertThat(Cursor.decode("")).contains(Map.of());
  }
}
