package org.hubben;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The conventions of design.md that the compiler cannot see. */
class ArchitectureTests {

	private static final JavaClasses HUBBEN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.hubben");

	@Test
	void onlySchedulingImportsQuartz() {
		noClasses().that()
			.resideOutsideOfPackage("org.hubben.scheduling..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.quartz..")
			.check(HUBBEN);
	}

	@Test
	void onlySchedulingBlocks() {
		noClasses().that()
			.resideOutsideOfPackage("org.hubben.scheduling..")
			.should()
			.callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates
				.target(com.tngtech.archunit.core.domain.properties.HasName.Predicates
					.nameMatching("block.*|toIterable|toStream"))
				.and(com.tngtech.archunit.core.domain.JavaCall.Predicates
					.target(com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With
						.owner(com.tngtech.archunit.base.DescribedPredicate.describe("Mono or Flux",
								(owner) -> owner.isAssignableTo(Mono.class) || owner.isAssignableTo(Flux.class))))))
			.check(HUBBEN);
	}

	@Test
	void namesExplainThemselves() {
		noClasses().should()
			.haveSimpleNameEndingWith("Impl")
			.orShould()
			.haveSimpleNameEndingWith("Dao")
			.orShould()
			.haveSimpleNameEndingWith("Util")
			.orShould()
			.haveSimpleNameEndingWith("Utils")
			.orShould()
			.haveSimpleNameContaining("Reactive")
			.check(HUBBEN);
		noClasses().should().haveSimpleName("Scheduler").orShould().haveSimpleName("Job").check(HUBBEN);
	}

	@Test
	void nothingDependsOnTheWebLayer() {
		noClasses().that()
			.resideOutsideOfPackage("org.hubben.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.hubben.web..")
			.check(HUBBEN);
	}

	@Test
	void connectorsKnowOnlyTheirSpi() {
		noClasses().that()
			.resideInAPackage("org.hubben.connector..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.hubben.content..", "org.hubben.publishing..", "org.hubben.organisation..",
					"org.hubben.scheduling..", "org.hubben.web..")
			.check(HUBBEN);
	}

	@Test
	void everyFeaturePackageSaysWhatItOwns() {
		classes().that()
			.resideInAnyPackage("org.hubben.organisation", "org.hubben.connector", "org.hubben.media",
					"org.hubben.content", "org.hubben.publishing", "org.hubben.scheduling", "org.hubben.sharing",
					"org.hubben.web")
			.should()
			.resideInAPackage("org.hubben..")
			.check(HUBBEN);
		for (String feature : new String[] { "organisation", "connector", "media", "content", "publishing",
				"scheduling", "sharing", "web", "demo" }) {
			org.assertj.core.api.Assertions
				.assertThat(ArchitectureTests.class.getClassLoader()
					.getResource("org/hubben/" + feature + "/package-info.class"))
				.as("org.hubben.%s has a package-info.java", feature)
				.isNotNull();
		}
	}

}
