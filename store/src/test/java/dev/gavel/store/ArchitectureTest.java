package dev.gavel.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Adapters depend on the domain modules, never on the server, the CLI, simulators or each other. */
@AnalyzeClasses(packages = "dev.gavel.store", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule store_reaches_only_core_and_the_domains = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.sim..",
                    "dev.gavel.embedded..",
                    "dev.gavel.testkit..",
                    "dev.gavel.social..",
                    "dev.gavel.chain..",
                    "dev.gavel.host..",
                    "dev.gavel.stream..",
                    "dev.gavel.sources..");
}
