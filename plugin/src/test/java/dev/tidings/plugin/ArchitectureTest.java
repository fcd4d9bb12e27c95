package dev.tidings.plugin;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules of the plugin's package layout that a code review would otherwise have to re-check by hand. */
class ArchitectureTest {

  private static JavaClasses plugin;

  @BeforeAll
  static void importPlugin() {
    plugin = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.tidings.plugin");
  }

  @Test
  void featurePackagesDependOnEachOtherWithoutCycles() {
    // Every package under dev.tidings.plugin is a slice (notify.api and notify are two slices).
    slices().matching("dev.tidings.plugin.(**)").should().beFreeOfCycles().check(plugin);
  }

  @Test
  void theFanOutCoreKnowsNoTransportOrJetty() {
    noClasses().that().resideInAPackage("dev.tidings.plugin.hub..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.eclipse.jetty..", "dev.tidings.plugin.transport..", "dev.tidings.plugin.ws..",
            "dev.tidings.plugin.sse..", "dev.tidings.plugin.poll..")
        .check(plugin);
  }

  @Test
  void storageNeitherPublishesNorNotifies() {
    noClasses().that().resideInAnyPackage("dev.tidings.plugin.log..", "dev.tidings.plugin.store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.tidings.plugin.broker..", "dev.tidings.plugin.hub..", "dev.tidings.plugin.notify..")
        .check(plugin);
  }
}
