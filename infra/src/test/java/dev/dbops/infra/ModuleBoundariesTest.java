package dev.dbops.infra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The services stay independent: no service's code uses another service's classes, no service
 * module depends on another, and infra depends on none of them (nor on common). Works on the
 * compiled classes in each service's target/classes: the reactor builds infra last, so they exist;
 * a missing directory fails the test rather than skipping it. A dependency that only orders the build
 * (type pom, test scope, every transitive dependency excluded: no class can come through it) is not a
 * dependency on the module's code; infra has one per service, because its system tests run the
 * services' jars.
 */
class ModuleBoundariesTest {

    static final String BECAUSE = "services talk only through Kafka; shared code belongs in common";

    /** For each module: no class in its package depends on a class in another module's package. */
    static List<ArchRule> boundaryRules(Map<String, String> modulePackages) {
        List<ArchRule> rules = new ArrayList<>();
        modulePackages.forEach((module, pkg) -> {
            String[] others = modulePackages.values().stream().filter(p -> !p.equals(pkg)).map(p -> p + "..")
                    .toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .as(module + " (" + pkg + "..) uses no class of another service")
                    .because(BECAUSE));
        });
        return rules;
    }

    static List<String> violations(List<ArchRule> rules, JavaClasses classes) {
        List<String> violations = new ArrayList<>();
        for (ArchRule rule : rules) {
            EvaluationResult result = rule.evaluate(classes);
            if (result.hasViolation()) {
                violations.add(result.getFailureReport().toString());
            }
        }
        return violations;
    }

    /** Dependencies (anywhere in the pom: dependencies, management, profiles, plugins) on forbidden modules. */
    static List<String> pomProblems(Path pom, Set<String> forbiddenArtifactIds) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            NodeList dependencies = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate("//*[local-name()='dependency']", doc, XPathConstants.NODESET);
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String groupId = child(dependency, "groupId");
                String artifactId = child(dependency, "artifactId");
                boolean ours = groupId == null || groupId.equals("dev.dbops") || groupId.equals("${project.groupId}");
                if (ours && forbiddenArtifactIds.contains(artifactId) && !buildOrderOnly(dependency)) {
                    problems.add(pom.getParent().getFileName() + "/pom.xml depends on " + artifactId);
                }
            }
            return problems;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    /** Descendants by name, whether the document was parsed namespace-aware or not. */
    private static NodeList elements(Element element, String name) {
        NodeList children = element.getElementsByTagNameNS("*", name);
        return children.getLength() > 0 ? children : element.getElementsByTagName(name);
    }

    /** Type pom, test scope, all transitive dependencies excluded: it orders the reactor and brings no class. */
    static boolean buildOrderOnly(Element dependency) {
        NodeList exclusions = elements(dependency, "exclusion");
        boolean excludesAll = false;
        for (int i = 0; i < exclusions.getLength(); i++) {
            Element exclusion = (Element) exclusions.item(i);
            excludesAll |= "*".equals(child(exclusion, "groupId")) && "*".equals(child(exclusion, "artifactId"));
        }
        return "pom".equals(child(dependency, "type")) && "test".equals(child(dependency, "scope")) && excludesAll;
    }

    private static String child(Element element, String name) {
        NodeList children = elements(element, name);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
    }

    @Nested
    class TheRepository {

        private final Path root = Repo.root();

        @Test
        void noServiceUsesAnotherServicesClasses() {
            List<Path> dirs = new ArrayList<>();
            for (String svc : Repo.SERVICES.keySet()) {
                Path classes = root.resolve(svc).resolve("target/classes");
                assertThat(classes)
                        .as("%s is missing: the services are compiled before infra in the reactor (infra is its last "
                                + "module); to run infra alone, first: ./mvnw -q -pl %s -am compile",
                                root.relativize(classes), String.join(",", Repo.SERVICES.keySet()))
                        .isDirectory();
                dirs.add(classes);
            }
            JavaClasses classes = new ClassFileImporter().importPaths(dirs);
            Repo.SERVICES.forEach((svc, pkg) -> assertThat(classes.stream()
                    .anyMatch(c -> c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".")))
                    .as("%s/target/classes holds no class in %s: the rule would check nothing", svc, pkg)
                    .isTrue());
            assertThat(violations(boundaryRules(Repo.SERVICES), classes)).isEmpty();
        }

        @Test
        void noServiceModuleDependsOnAnotherService() {
            List<String> problems = new ArrayList<>();
            for (String svc : Repo.SERVICES.keySet()) {
                Path pom = root.resolve(svc).resolve("pom.xml");
                assertThat(pom).as("%s/pom.xml", svc).isRegularFile();
                Set<String> others = new java.util.TreeSet<>(Repo.SERVICES.keySet());
                others.remove(svc);
                problems.addAll(pomProblems(pom, others));
            }
            assertThat(problems).isEmpty();
        }

        @Test
        void infraDependsOnNoServiceAndNotOnCommon() {
            Set<String> forbidden = new java.util.TreeSet<>(Repo.SERVICES.keySet());
            forbidden.add("common");
            assertThat(pomProblems(root.resolve("infra/pom.xml"), forbidden)).isEmpty();
        }

        @Test
        void infraDeclaresEveryServiceForBuildOrderOnlySoEvenAParallelBuildPackagesThemFirst() throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(root.resolve("infra/pom.xml").toFile());
            NodeList dependencies = doc.getElementsByTagNameNS("*", "dependency");
            Set<String> ordered = new java.util.TreeSet<>();
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (buildOrderOnly(dependency)) {
                    ordered.add(child(dependency, "artifactId"));
                }
            }
            assertThat(ordered).containsAll(Repo.SERVICES.keySet());
        }

        @Test
        void infraIsTheLastModuleOfTheReactorSoTheServicesAreBuiltBeforeIt() throws Exception {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
            NodeList modules = doc.getElementsByTagName("module");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < modules.getLength(); i++) {
                names.add(modules.item(i).getTextContent().trim());
            }
            assertThat(names).containsAll(Repo.SERVICES.keySet()).last().isEqualTo("infra");
        }
    }

    /** The checks themselves, on fixtures of our own. */
    @Nested
    class OnFixtures {

        @TempDir
        Path dir;

        private final Map<String, String> fixtureModules = new LinkedHashMap<>();

        {
            fixtureModules.put("alpha", "dev.dbops.infra.fixture.alpha");
            fixtureModules.put("beta", "dev.dbops.infra.fixture.beta");
        }

        @Test
        void aClassUsingAnotherServicesClassIsAViolation() {
            JavaClasses classes = new ClassFileImporter().importPackages("dev.dbops.infra.fixture");
            List<String> violations = violations(boundaryRules(fixtureModules), classes);
            assertThat(violations).hasSize(1);
            assertThat(violations.get(0)).contains("alpha (dev.dbops.infra.fixture.alpha..)")
                    .contains("AlphaService").contains("BetaClient");
        }

        @Test
        void aServiceUsingNoOtherServicePasses() {
            JavaClasses classes = new ClassFileImporter().importPackages("dev.dbops.infra.fixture");
            ArchRule betaRule = boundaryRules(fixtureModules).get(1);
            assertThat(betaRule.getDescription()).startsWith("beta ");
            assertThat(violations(List.of(betaRule), classes)).isEmpty();
        }

        @Test
        void aPomDependingOnAnotherServiceIsReported() throws IOException {
            Path module = Files.createDirectories(dir.resolve("migration-service"));
            Files.writeString(module.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <artifactId>migration-service</artifactId>
                      <dependencies>
                        <dependency><groupId>dev.dbops</groupId><artifactId>common</artifactId></dependency>
                        <dependency><groupId>org.example</groupId><artifactId>backup-service</artifactId></dependency>
                      </dependencies>
                      <profiles><profile><dependencies>
                        <dependency>
                          <groupId>${project.groupId}</groupId><artifactId>backup-service</artifactId>
                          <scope>test</scope>
                        </dependency>
                      </dependencies></profile></profiles>
                    </project>
                    """);
            assertThat(pomProblems(module.resolve("pom.xml"), Set.of("backup-service", "alert-service")))
                    .containsExactly("migration-service/pom.xml depends on backup-service");
        }

        @Test
        void aBuildOrderOnlyDependencyIsNoDependencyButAnyOtherFormIs() throws IOException {
            Path module = Files.createDirectories(dir.resolve("infra"));
            Files.writeString(module.resolve("pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <artifactId>infra</artifactId>
                      <dependencies>
                        <dependency>
                          <groupId>dev.dbops</groupId><artifactId>backup-service</artifactId><type>pom</type>
                          <scope>test</scope>
                          <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
                        </dependency>
                        <dependency>
                          <groupId>dev.dbops</groupId><artifactId>alert-service</artifactId><type>pom</type>
                          <scope>test</scope>
                        </dependency>
                        <dependency>
                          <groupId>dev.dbops</groupId><artifactId>monitor-service</artifactId><scope>test</scope>
                          <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
                        </dependency>
                      </dependencies>
                    </project>
                    """);
            assertThat(pomProblems(module.resolve("pom.xml"), Set.of("backup-service", "alert-service", "monitor-service")))
                    .containsExactly("infra/pom.xml depends on alert-service", "infra/pom.xml depends on monitor-service");
        }
    }
}
