package org.hubben;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;
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

	/**
	 * Words of engagement automation (seed 004: no bought followers or interactions, no
	 * bots, no fake accounts): no connector, no API call and no page may offer them.
	 */
	private static final Set<String> ENGAGEMENT = Set.of("like", "likes", "liked", "unlike", "follow", "follows",
			"follower", "followers", "following", "unfollow", "repost", "reposts", "retweet", "retweets", "reblog",
			"subscribe", "subscribes", "subscription", "subscriptions", "vote", "votes", "upvote", "downvote", "boost",
			"boosts", "buy", "buys", "purchase", "favorite", "favorites", "favourite", "favourites", "react",
			"reaction", "reactions", "puppet", "puppets", "bot", "bots");

	/** Platform endpoints of engagement, as a connector's source would name them. */
	private static final Pattern ENGAGEMENT_ENDPOINT = Pattern
		.compile("/likes\\b|/liking_users|/following\\b|/followers\\b|/retweets\\b|/retweeted_by|favorites|"
				+ "subscriptions\\.insert|videos/rate|videos\\.rate|/reactions\\b|flickr\\.favorites|"
				+ "flickr\\.contacts\\.add|/friendships/create|/blocks\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern WORD = Pattern.compile("[A-Z]?[a-z]+|[A-Z]+(?![a-z])");

	@Test
	void noConnectorOffersEngagementAutomation() {
		methods().that()
			.areDeclaredInClassesThat()
			.resideInAPackage("org.hubben.connector..")
			.and()
			.haveModifier(JavaModifier.PUBLIC)
			.should(notBeNamedForEngagement())
			.check(HUBBEN);
	}

	@Test
	void noApiCallOrPageOffersEngagementAutomation() {
		methods().that()
			.areDeclaredInClassesThat()
			.resideInAPackage("org.hubben.web..")
			.and(handlers())
			.should(notBeNamedForEngagement())
			.andShould(notBeRoutedForEngagement())
			.check(HUBBEN);
	}

	@Test
	void connectorsCallNoEngagementEndpoint() throws IOException {
		Path connectors = Path.of("..", "connectors", "src", "main", "java", "org", "hubben", "connector");
		assertThat(connectors).isDirectory();
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(connectors)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java"))
				// The emulators stand in for the platforms; only what Hubben calls
				// counts.
				.filter((path) -> !path.toString().contains("/emulator/"))
				.toList()) {
				Matcher matcher = ENGAGEMENT_ENDPOINT.matcher(Files.readString(file));
				while (matcher.find()) {
					found.add(file.getFileName() + ": " + matcher.group());
				}
			}
		}
		assertThat(found).as("engagement endpoints called by connectors").isEmpty();
	}

	@Test
	void theEngagementRuleRecognisesEngagement() {
		assertThat(engagementWords("autoLikePosts")).containsExactly("like");
		assertThat(engagementWords("buyFollowers")).containsExactly("buy", "followers");
		assertThat(engagementWords("shareAsUser")).containsExactly("share as");
		assertThat(engagementWords("/api/posts/{id}/retweet")).containsExactly("retweet");
		assertThat(engagementWords("publishLikely")).isEmpty();
		assertThat(ENGAGEMENT_ENDPOINT.matcher("\"/2/users/\" + id + \"/likes\"").find()).isTrue();
		assertThat(ENGAGEMENT_ENDPOINT.matcher("\"/2/tweets\"").find()).isFalse();
	}

	private static DescribedPredicate<JavaMethod> handlers() {
		return DescribedPredicate.describe("handle web requests",
				(method) -> method.getAnnotations()
					.stream()
					.anyMatch((annotation) -> annotation.getRawType()
						.getPackageName()
						.equals("org.springframework.web.bind.annotation")
							&& annotation.getRawType().getSimpleName().endsWith("Mapping")));
	}

	private static ArchCondition<JavaMethod> notBeNamedForEngagement() {
		return new ArchCondition<>("not be named like engagement automation") {
			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				List<String> words = engagementWords(method.getName());
				if (!words.isEmpty()) {
					events.add(SimpleConditionEvent.violated(method,
							method.getFullName() + " is named for engagement automation: " + words));
				}
			}
		};
	}

	private static ArchCondition<JavaMethod> notBeRoutedForEngagement() {
		return new ArchCondition<>("not be routed like engagement automation") {
			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				List<String> routes = new ArrayList<>();
				method.getAnnotations()
					.stream()
					.filter((annotation) -> annotation.getRawType().getSimpleName().endsWith("Mapping"))
					.forEach((annotation) -> annotation.get("value")
						.or(() -> annotation.get("path"))
						.ifPresent((value) -> routes.addAll(List.of((String[]) value))));
				JavaClass owner = method.getOwner();
				owner.getAnnotations()
					.stream()
					.filter((annotation) -> annotation.getRawType().getSimpleName().endsWith("Controller")
							|| annotation.getRawType().getSimpleName().endsWith("Mapping"))
					.forEach((annotation) -> annotation.get("value").ifPresent((value) -> {
						if (value instanceof String[] paths) {
							routes.addAll(List.of(paths));
						}
						else if (value instanceof String path) {
							routes.add(path);
						}
					}));
				for (String route : routes) {
					List<String> words = engagementWords(route);
					if (!words.isEmpty()) {
						events.add(SimpleConditionEvent.violated(method,
								method.getFullName() + " is routed for engagement automation: " + route));
					}
				}
			}
		};
	}

	/** The engagement words in a camel-case name or a path, in order. */
	static List<String> engagementWords(String name) {
		List<String> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(name);
		while (matcher.find()) {
			words.add(matcher.group().toLowerCase(Locale.ROOT));
		}
		List<String> found = new ArrayList<>();
		for (int i = 0; i < words.size(); i++) {
			if (ENGAGEMENT.contains(words.get(i))) {
				found.add(words.get(i));
			}
			else if (words.get(i).equals("share") && i + 1 < words.size() && words.get(i + 1).equals("as")) {
				found.add("share as");
			}
		}
		return found;
	}

}
