package dev.taper;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.taper.training.WireName;
import jakarta.persistence.Entity;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

/** The package boundaries of docs/architecture.md, checked on the compiled classes. */
@AnalyzeClasses(packages = "dev.taper", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * Taper's classes outside the given packages: what a package may use is listed, so a package
   * added later is forbidden until a rule allows it.
   */
  private static DescribedPredicate<JavaClass> taperClassesOutside(String... allowed) {
    return resideInAPackage("dev.taper..").and(resideOutsideOfPackages(allowed));
  }

  @ArchTest
  static final ArchRule capabilitiesAreFreeOfCycles =
      slices()
          .matching("dev.taper.(*)..")
          .should()
          .beFreeOfCycles()
          .because("each package can then be read, tested and changed from the bottom up");

  @ArchTest
  static final ArchRule nothingDependsOnTheWiring =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.taper.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.taper.config..")
          .because(
              "config assembles the capabilities into a process; what they share lives in web"
                  + " and properties");

  @ArchTest
  static final ArchRule theHttpVocabularyStandsAlone =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.web..")
          .should()
          .dependOnClassesThat(taperClassesOutside("dev.taper.web.."))
          .because("every controller's package uses it, so it may use none of them");

  @ArchTest
  static final ArchRule thePropertiesNameOnlyTheStoresSettings =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.properties..")
          .should()
          .dependOnClassesThat(taperClassesOutside("dev.taper.properties..", "dev.taper.storage.."))
          .because("every package with a setting reads it, so it may name only the S3 settings");

  @ArchTest
  static final ArchRule trainingIsPlainJavaAndDjl =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.training..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "jakarta.servlet..")
          .because("the engine is a library: unit-tested and benchmarked without Spring");

  @ArchTest
  static final ArchRule trainingUsesOnlyTheDatasetReaders =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.training..")
          .should()
          .dependOnClassesThat(taperClassesOutside("dev.taper.training..", "dev.taper.dataset.."));

  @ArchTest
  static final ArchRule theSpecIsReadByTheCapabilitiesThatActOnExperiments =
      classes()
          .that()
          .resideInAPackage("dev.taper.spec..")
          .should()
          .onlyBeAccessed()
          .byAnyPackage(
              "dev.taper.spec..",
              "dev.taper.experiment..",
              "dev.taper.worker..",
              "dev.taper.model..")
          .because(
              "the spec is what users write: the API validates and plans it, workers translate it"
                  + " into engine configs, and a model's fingerprint hashes it");

  @ArchTest
  static final ArchRule theSpecDependsOnlyOnTheEngine =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.spec..")
          .should()
          .dependOnClassesThat(
              taperClassesOutside("dev.taper.spec..", "dev.taper.training..")
                  .or(resideInAPackage("org.springframework..")));

  @ArchTest
  static final ArchRule aModelFamilyIsOnePackageNothingElseNames =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.taper.training.family.(*)..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.taper.training.family.(*)..")
          .because(
              "a family is added by one package and one line in META-INF/services; everything"
                  + " else reaches it through ModelFamily and ModelFamilies");

  @ArchTest
  static final ArchRule familiesDoNotDependOnEachOther =
      slices().matching("dev.taper.training.family.(*)..").should().notDependOnEachOther();

  @ArchTest
  static final ArchRule controllersNeverTouchRepositories =
      noClasses()
          .that()
          .areAnnotatedWith(RestController.class)
          .should()
          .dependOnClassesThat()
          .areAssignableTo(Repository.class)
          .because("controllers go through their package's service");

  @ArchTest
  static final ArchRule entitiesAndRepositoriesStayInsideTheirPackage =
      classes()
          .that()
          .areAnnotatedWith(Entity.class)
          .or()
          .areAssignableTo(Repository.class)
          .should()
          .notBePublic()
          .because("other packages use a capability's service, never its records");

  @ArchTest
  static final ArchRule theQueueDependsOnlyOnItsMeters =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.queue..")
          .should()
          .dependOnClassesThat(
              taperClassesOutside("dev.taper.queue..", "dev.taper.observability.."))
          .because(
              "every capability that plans or runs work uses the queue; it uses only its meters");

  @ArchTest
  static final ArchRule storageDependsOnNoOtherCapability =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.storage..")
          .should()
          .dependOnClassesThat(taperClassesOutside("dev.taper.storage.."));

  @ArchTest
  static final ArchRule modelsDoNotReachIntoExperimentsOrTheQueue =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.taper.experiment..", "dev.taper.queue..", "dev.taper.worker..")
          .because(
              "model may read the spec (a WIDE model's fingerprint) but not the experiment API");

  @ArchTest
  static final ArchRule theWorkerReadsOnlyTheSpecOfExperiments =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.worker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.taper.experiment..")
          .because("a worker needs the spec and its translation (spec), not the experiment API");

  @ArchTest
  static final ArchRule nothingDependsOnTheWorker =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.taper.worker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.taper.worker..");

  @ArchTest
  static final ArchRule nothingDependsOnTheReportPages =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.taper.report..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.taper.report..")
          .because("the pages read the capabilities; no capability serves the pages");

  @ArchTest
  static final ArchRule theMetricHistoryDependsOnlyOnTheQueueAndTheMetricNames =
      noClasses()
          .that()
          .resideInAPackage("dev.taper.metrics..")
          .should()
          .dependOnClassesThat(
              taperClassesOutside("dev.taper.metrics..", "dev.taper.queue..", "dev.taper.web..")
                  .and(not(equivalentTo(WireName.class))))
          .because("workers write the history and pages read it, never the other way round");
}
