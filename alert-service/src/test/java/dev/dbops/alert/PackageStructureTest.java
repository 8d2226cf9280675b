package dev.dbops.alert;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package plan of the README holds: model at the bottom, the receivers on model only, the engine
 * (deliver) on the receivers, the intake and the REST interfaces on top; no cycle between any two
 * packages, sub-packages included, and nothing of another service.
 */
@AnalyzeClasses(packages = "dev.dbops.alert", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageStructureTest {

    @ArchTest
    static final ArchRule topLevelPackagesFreeOfCycles = slices().matching("dev.dbops.alert.(*)..")
            .should().beFreeOfCycles();

    /** Each package on its own (receiver and its wire formats apart): what jdeps and package-cycles see. */
    @ArchTest
    static final ArchRule everyPackageFreeOfCycles = slices().matching("dev.dbops.alert.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule modelDependsOnNothingElseInTheService = noClasses()
            .that().resideInAPackage("dev.dbops.alert.model..")
            .should().dependOnClassesThat(resideInAPackage("dev.dbops.alert..")
                    .and(resideOutsideOfPackage("dev.dbops.alert.model..")))
            .because("every other package builds on the shared vocabulary");

    @ArchTest
    static final ArchRule noOtherService = noClasses().that().resideInAPackage("dev.dbops.alert..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.dbops.migration..", "dev.dbops.backup..",
                    "dev.dbops.monitor..")
            .because("services talk only through Kafka; shared code belongs in common");
}
