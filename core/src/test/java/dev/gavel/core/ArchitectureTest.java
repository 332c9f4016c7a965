package dev.gavel.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The shared kernel depends on nothing but the JDK (ARCHITECTURE.md, module table). */
@AnalyzeClasses(packages = "dev.gavel.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule core_depends_only_on_the_jdk =
            classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.gavel.core..");
}
