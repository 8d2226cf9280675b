package dev.dbops.backup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages depend on each other one way only, inward along the floor plan (README, Packages), and on
 * no other service's code.
 */
class PackageStructureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dbops.backup");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.dbops.backup.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void dependenciesPointInward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("api").definedBy("dev.dbops.backup.api..")
                .layer("intake").definedBy("dev.dbops.backup.intake..")
                .layer("engine").definedBy("dev.dbops.backup.engine..")
                .layer("domain").definedBy("dev.dbops.backup.take..", "dev.dbops.backup.verify..",
                        "dev.dbops.backup.restore..", "dev.dbops.backup.retention..", "dev.dbops.backup.repository..",
                        "dev.dbops.backup.pg..", "dev.dbops.backup.progress..", "dev.dbops.backup.metrics..",
                        "dev.dbops.backup.encryption..")
                .layer("store").definedBy("dev.dbops.backup.store..")
                .layer("config").definedBy("dev.dbops.backup.config..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("intake").mayOnlyBeAccessedByLayers("api")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("api", "intake")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("api", "intake", "engine")
                .whereLayer("store").mayOnlyBeAccessedByLayers("api", "intake", "engine", "domain")
                .ensureAllClassesAreContainedInArchitectureIgnoring("dev.dbops.backup")
                .check(CLASSES);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.dbops.migration..", "dev.dbops.monitor..", "dev.dbops.alert..")
                .because("services talk only through Kafka; shared code belongs in common")
                .check(CLASSES);
    }
}
