package dev.dbops.migration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The service's packages depend on each other in one direction only, and on no other service's code. */
class PackageStructureTest {

    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dbops.migration");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.dbops.migration.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noClassUsesAnotherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.dbops.backup..", "dev.dbops.monitor..", "dev.dbops.alert..")
                .because("services talk only through Kafka; shared code belongs in common")
                .check(classes);
    }
}
