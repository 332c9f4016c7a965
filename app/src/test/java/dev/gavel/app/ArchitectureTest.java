package dev.gavel.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The CLI starts things and hands them configuration; it does not reach into HTTP or test code. */
@AnalyzeClasses(packages = "dev.gavel.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_cli_does_not_use_test_support_or_the_web_framework =
            noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.gavel.testkit..", "io.javalin..");
}
