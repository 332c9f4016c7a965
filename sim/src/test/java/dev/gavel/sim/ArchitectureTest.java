package dev.gavel.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Simulators reach Gavel through URLs only, never through its classes (ARCHITECTURE.md). */
@AnalyzeClasses(packages = "dev.gavel.sim", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule simulators_import_nothing_of_gavel_but_core = noClasses()
            .that()
            .resideInAPackage("dev.gavel.sim..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.auction..",
                    "dev.gavel.market..",
                    "dev.gavel.store..",
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.embedded..");
}
