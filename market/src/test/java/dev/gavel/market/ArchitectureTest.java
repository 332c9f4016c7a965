package dev.gavel.market;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;

/**
 * The market engine is plain Java over the shared kernel (ARCHITECTURE.md): JSON trees for templates and
 * captures, JDK crypto for credentials at rest, and no I/O (no files, sockets, HTTP, JDBC).
 */
@AnalyzeClasses(packages = "dev.gavel.market", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_market_engine_depends_only_on_the_jdk_core_and_json_trees = classes()
            .should()
            .onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(
                            "java.lang..",
                            "java.util..",
                            "java.time..",
                            "java.math..",
                            "java.text..",
                            "java.nio.charset..",
                            "java.nio",
                            "java.security..",
                            "javax.crypto..",
                            "com.fasterxml.jackson.core..",
                            "com.fasterxml.jackson.databind..",
                            "dev.gavel.core..",
                            "dev.gavel.market..")
                    // form bodies are URL-encoded text; encoding a string is not I/O
                    .or(JavaClass.Predicates.equivalentTo(URLEncoder.class))
                    // alert webhooks are URLs; parsing one is not I/O (resolving its host is, and is not here)
                    .or(JavaClass.Predicates.equivalentTo(URI.class))
                    .or(JavaClass.Predicates.equivalentTo(URISyntaxException.class)));
}
