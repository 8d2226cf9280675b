package dev.dbops.common.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** common's packages form no cycle, and common knows none of the services built on it. */
@AnalyzeClasses(packages = "dev.dbops.common", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageStructureTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.dbops.common.(*)..").should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule commonDependsOnNoService = noClasses().that().resideInAPackage("dev.dbops.common..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dbops.migration..", "dev.dbops.backup..",
                    "dev.dbops.monitor..", "dev.dbops.alert..");
}
