package dev.gavel.chain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** chain depends on core and auction only (ARCHITECTURE.md); its identity package does no I/O. */
@AnalyzeClasses(packages = "dev.gavel.chain", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule chain_reaches_only_core_and_auction = noClasses()
            .that()
            .resideInAPackage("dev.gavel.chain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.store..",
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.sim..",
                    "dev.gavel.social..",
                    "dev.gavel.market..",
                    "dev.gavel.embedded..");

    // JSON-RPC adapters will get their own subpackage; SIWE and signatures stay pure functions.
    @ArchTest
    static final ArchRule identity_does_no_io = noClasses()
            .that()
            .resideInAPackage("dev.gavel.chain")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "java.net.http..", "java.nio.file..", "java.nio.channels..", "java.sql..", "org.web3j.protocol..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.File");
}
