package dev.gavel.sources;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Source adapters reach only core and the market engine (ARCHITECTURE.md), never storage or the server. */
@AnalyzeClasses(packages = "dev.gavel.sources", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule sources_reach_only_core_and_market = noClasses()
            .that()
            .resideInAPackage("dev.gavel.sources..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.auction..",
                    "dev.gavel.store..",
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.sim..",
                    "dev.gavel.chain..",
                    "dev.gavel.social..",
                    "dev.gavel.stream..",
                    "dev.gavel.embedded..");
}
