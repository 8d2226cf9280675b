package dev.dbops.alert;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The floor plan (docs/architecture.md, mapped in the README) holds: api and intake on top, the engine
 * below them, the domain packages below it, then store, with config and the model at the bottom; no
 * cycle between any two packages, sub-packages included, and nothing of another service.
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
    static final ArchRule dependenciesPointInward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("api").definedBy("dev.dbops.alert.api..")
            .layer("intake").definedBy("dev.dbops.alert.intake..")
            .layer("engine").definedBy("dev.dbops.alert.engine..")
            .layer("domain").definedBy("dev.dbops.alert.route..", "dev.dbops.alert.group..",
                    "dev.dbops.alert.inhibit..", "dev.dbops.alert.silence..", "dev.dbops.alert.receiver..",
                    "dev.dbops.alert.deliver..", "dev.dbops.alert.alertmanager..", "dev.dbops.alert.change..")
            .layer("store").definedBy("dev.dbops.alert.store..")
            .layer("config").definedBy("dev.dbops.alert.config..")
            .layer("model").definedBy("dev.dbops.alert.model..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("intake").mayNotBeAccessedByAnyLayer()
            .whereLayer("engine").mayOnlyBeAccessedByLayers("api", "intake")
            .whereLayer("domain").mayOnlyBeAccessedByLayers("api", "intake", "engine")
            .whereLayer("store").mayOnlyBeAccessedByLayers("api", "intake", "engine", "domain")
            .whereLayer("config").mayOnlyBeAccessedByLayers("api", "intake", "engine", "domain", "store");

    @ArchTest
    static final ArchRule configDependsOnNothingElseInTheService = noClasses()
            .that().resideInAPackage("dev.dbops.alert.config..")
            .should().dependOnClassesThat(resideInAPackage("dev.dbops.alert..")
                    .and(resideOutsideOfPackage("dev.dbops.alert.config..")))
            .because("the settings are plain data; the domain packages make their types of them");

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
