package dev.tidings.plugin.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.plugin.hub.ErrorCode;
import dev.tidings.plugin.log.ChannelPosition;
import org.junit.jupiter.api.Test;

/** Protocol v1 command parsing: every accepted shape and every refusal. */
class CommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Command parse(String json) throws Exception {
    return Command.parse(JSON.readTree(json));
  }

  @Test
  void pingSubscribeAndUnsubscribeParse() throws Exception {
    assertThat(parse("{\"type\":\"ping\",\"id\":\"p1\"}")).satisfies(c -> {
      assertThat(c.type()).isEqualTo("ping");
      assertThat(c.id().textValue()).isEqualTo("p1");
      assertThat(c.error()).isNull();
    });
    Command s = parse("{\"type\":\"subscribe\",\"channel\":\"repo:a/b\",\"since\":{\"epoch\":\"e\",\"offset\":3},\"id\":9}");
    assertThat(s.channel()).isEqualTo("repo:a/b");
    assertThat(s.since()).isEqualTo(new ChannelPosition("e", 3));
    assertThat(s.id().intValue()).isEqualTo(9);
    assertThat(parse("{\"type\":\"subscribe\",\"channel\":\"repo:a/b\",\"since\":null}").since()).isNull();
    Command u = parse("{\"type\":\"unsubscribe\",\"channel\":\"repo:a/b\",\"since\":{\"epoch\":\"e\",\"offset\":3}}");
    assertThat(u.error()).isNull();
    assertThat(u.since()).as("since only means something to subscribe").isNull();
  }

  @Test
  void refusalsNameTheProblem() throws Exception {
    assertThat(parse("[1]").error()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(parse("{\"type\":\"ping\",\"id\":{}}").message()).contains("\"id\" must be");
    assertThat(parse("{\"type\":\"ping\",\"id\":\"" + "x".repeat(129) + "\"}").error()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(parse("{\"id\":1}").message()).contains("\"type\" is required");
    Command unknown = parse("{\"type\":\"" + "y".repeat(50) + "\"}");
    assertThat(unknown.error()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
    assertThat(unknown.message()).contains("'" + "y".repeat(40) + "...'");
    assertThat(parse("{\"type\":\"subscribe\"}").message()).contains("\"channel\" is required");
    for (String since : new String[] {"1", "{\"epoch\":\"\",\"offset\":1}", "{\"epoch\":\"e\",\"offset\":-1}",
        "{\"epoch\":\"e\",\"offset\":1.5}", "{\"epoch\":\"e\"}"}) {
      Command c = parse("{\"type\":\"subscribe\",\"channel\":\"repo:a/b\",\"since\":" + since + "}");
      assertThat(c.error()).as(since).isEqualTo(ErrorCode.BAD_REQUEST);
      assertThat(c.channel()).isEqualTo("repo:a/b");
    }
  }
}
