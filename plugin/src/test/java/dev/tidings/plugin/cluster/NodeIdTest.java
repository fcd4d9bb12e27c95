package dev.tidings.plugin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdTest {

  @TempDir Path dir;

  @Test
  void aGeneratedIdIsKeptInTheDataFolderAndTheSameAfterARestart() throws Exception {
    NodeId first = NodeId.resolve(null, dir.resolve("plugin-data"));
    assertThat(Files.readString(dir.resolve("plugin-data").resolve(NodeId.FILE)).strip()).isEqualTo(first.value());
    assertThat(NodeId.resolve("", dir.resolve("plugin-data"))).isEqualTo(first);
    assertThat(NodeId.resolve(null, dir.resolve("other"))).isNotEqualTo(first);
  }

  @Test
  void aConfiguredIdWinsAndABadOneIsRefusedClearly() {
    assertThat(NodeId.resolve(" node-a ", dir).value()).isEqualTo("node-a");
    assertThat(Files.exists(dir.resolve(NodeId.FILE))).isFalse();
    assertThatThrownBy(() -> NodeId.resolve("a b", dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node.id");
    assertThatThrownBy(() -> NodeId.resolve("x".repeat(65), dir)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDamagedFileIsNamedInTheError() throws Exception {
    Files.writeString(dir.resolve(NodeId.FILE), "   \n");
    assertThatThrownBy(() -> NodeId.resolve(null, dir)).hasMessageContaining(NodeId.FILE);
  }
}
