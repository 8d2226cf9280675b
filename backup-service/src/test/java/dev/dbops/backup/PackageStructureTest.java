package dev.dbops.backup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend on each other one way only, and on no other service's code. */
class PackageStructureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dbops.backup");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.dbops.backup.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.dbops.migration..", "dev.dbops.monitor..", "dev.dbops.alert..")
                .because("services talk only through Kafka; shared code belongs in common")
                .check(CLASSES);
    }
}
