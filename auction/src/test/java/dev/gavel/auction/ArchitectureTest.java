package dev.gavel.auction;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The auction domain is plain Java over the shared kernel: no framework, no I/O (ARCHITECTURE.md). */
@AnalyzeClasses(packages = "dev.gavel.auction", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_auction_domain_depends_only_on_the_jdk_and_core = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java.lang..",
                    "java.util..",
                    "java.time..",
                    "java.math..",
                    "java.nio.charset..",
                    "dev.gavel.core..",
                    "dev.gavel.auction..");
}
