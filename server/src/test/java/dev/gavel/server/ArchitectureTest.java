package dev.gavel.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The composition root uses every module but the CLI and the simulators (ARCHITECTURE.md). */
@AnalyzeClasses(packages = "dev.gavel.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule server_never_reaches_the_cli_the_simulators_or_test_support = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.gavel.app..", "dev.gavel.sim..", "dev.gavel.testkit..", "dev.gavel.embedded..");

    @ArchTest
    static final ArchRule only_the_http_layer_and_routes_know_javalin = noClasses()
            .that()
            .resideInAnyPackage("dev.gavel.server.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.javalin..");

    /** Keys, signatures and transactions are the chain module's business: web3j stays behind it. */
    @ArchTest
    static final ArchRule web3j_stays_inside_the_chain_module =
            noClasses().should().dependOnClassesThat().resideInAnyPackage("org.web3j..");
}
