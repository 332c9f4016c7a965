package dev.gavel.embedded;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Embedded servers are infrastructure: they know nothing of Gavel's other modules. */
@AnalyzeClasses(packages = "dev.gavel.embedded", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule embedded_servers_stand_alone = noClasses()
            .that()
            .resideInAPackage("dev.gavel.embedded..")
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(
                    "dev.gavel.embedded..",
                    "java..",
                    "javax..",
                    "org.slf4j..",
                    "io.zonky..",
                    "redis.embedded..",
                    "org.apache.commons.compress..");
}
