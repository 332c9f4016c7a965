package dev.gavel.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** stream depends on core only (ARCHITECTURE.md); the scene model is pure (no Java2D, no processes). */
@AnalyzeClasses(packages = "dev.gavel.stream", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule stream_reaches_only_core = noClasses()
            .that()
            .resideInAPackage("dev.gavel.stream..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.gavel.auction..",
                    "dev.gavel.market..",
                    "dev.gavel.store..",
                    "dev.gavel.server..",
                    "dev.gavel.app..",
                    "dev.gavel.sim..",
                    "dev.gavel.chain..",
                    "dev.gavel.social..",
                    "dev.gavel.embedded..");

    @ArchTest
    static final ArchRule the_scene_model_draws_nothing_and_starts_nothing = noClasses()
            .that()
            .resideInAPackage("dev.gavel.stream.scene..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "java.awt..", "javax.imageio..", "dev.gavel.stream.render..", "dev.gavel.stream.encode..");
}
