package dev.gavel.social;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** social depends on core and auction only (ARCHITECTURE.md): no store, no server, no other adapter. */
@AnalyzeClasses(packages = "dev.gavel.social", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule social_reaches_only_core_and_auction = noClasses()
            .that()
            .resideInAPackage("dev.gavel.social..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.store..",
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.sim..",
                    "dev.gavel.chain..",
                    "dev.gavel.market..",
                    "dev.gavel.embedded..");
}
