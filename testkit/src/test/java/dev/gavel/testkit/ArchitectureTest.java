package dev.gavel.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Test support hands out servers; it knows nothing of Gavel's domains, adapters or server. */
@AnalyzeClasses(packages = "dev.gavel.testkit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule testkit_uses_only_the_embedded_servers = noClasses()
            .that()
            .resideInAPackage("dev.gavel.testkit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.core..",
                    "dev.gavel.store..",
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.auction..",
                    "dev.gavel.market..");
}
