package org.hubben.web;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message a template names ({@code #{key}}, {@code #{key(...)}}) is in an English
 * bundle and in its Swedish one, so that no page of either language shows
 * {@code ??key_sv??}. The bundles are {@code messages} and every bundle under
 * {@code i18n/}, as {@code spring.messages.basename} lists them.
 */
class MessageKeysTests {

	private static final Path RESOURCES = Path.of("src", "main", "resources");

	/**
	 * A literal key; {@code #{${...}}} builds its key and is checked by its page's tests.
	 */
	private static final Pattern KEY = Pattern.compile("#\\{([A-Za-z][\\w.-]*)");

	@Test
	void everyKeyATemplateUsesIsInTheEnglishAndTheSwedishBundle() throws IOException {
		Properties english = new Properties();
		Properties swedish = new Properties();
		for (Path bundle : bundles()) {
			english.putAll(load(bundle));
			Path translated = bundle
				.resolveSibling(bundle.getFileName().toString().replace(".properties", "_sv.properties"));
			if (Files.exists(translated)) {
				swedish.putAll(load(translated));
			}
		}
		Set<String> used = usedKeys();
		assertThat(used).as("keys found in the templates").hasSizeGreaterThan(100);
		List<String> missing = new ArrayList<>();
		for (String key : used) {
			if (!english.containsKey(key)) {
				missing.add(key + " (English)");
			}
			if (!swedish.containsKey(key)) {
				missing.add(key + " (Swedish)");
			}
		}
		assertThat(missing).as("message keys used in templates but missing from a bundle").isEmpty();
	}

	@Test
	void everyEnglishMessageHasASwedishOne() throws IOException {
		List<String> untranslated = new ArrayList<>();
		for (Path bundle : bundles()) {
			Path translated = bundle
				.resolveSibling(bundle.getFileName().toString().replace(".properties", "_sv.properties"));
			Properties swedish = Files.exists(translated) ? load(translated) : new Properties();
			for (String key : load(bundle).stringPropertyNames()) {
				if (!swedish.containsKey(key)) {
					untranslated.add(RESOURCES.relativize(bundle) + ": " + key);
				}
			}
		}
		assertThat(untranslated).as("English messages without a Swedish translation").isEmpty();
	}

	@Test
	void findsKeysWithAndWithoutArguments() {
		Matcher matcher = KEY.matcher("th:text=\"#{a.b}\" th:attr=\"x=#{c.d(${e})}\" th:text=\"#{${'dyn.' + x}}\"");
		List<String> found = new ArrayList<>();
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		assertThat(found).containsExactly("a.b", "c.d");
	}

	/** The English (default) bundles: messages.properties and i18n/*.properties. */
	private static List<Path> bundles() throws IOException {
		List<Path> bundles = new ArrayList<>();
		bundles.add(RESOURCES.resolve("messages.properties"));
		Path i18n = RESOURCES.resolve("i18n");
		if (Files.isDirectory(i18n)) {
			try (Stream<Path> files = Files.list(i18n)) {
				files.filter((file) -> file.toString().endsWith(".properties"))
					.filter((file) -> !file.getFileName().toString().matches(".*_[a-z]{2}(_[A-Z]{2})?\\.properties"))
					.sorted()
					.forEach(bundles::add);
			}
		}
		return bundles;
	}

	private static Set<String> usedKeys() throws IOException {
		Set<String> keys = new TreeSet<>();
		try (Stream<Path> templates = Files.walk(RESOURCES.resolve("templates"))) {
			for (Path template : templates.filter((file) -> file.toString().endsWith(".html")).toList()) {
				Matcher matcher = KEY.matcher(Files.readString(template));
				while (matcher.find()) {
					keys.add(matcher.group(1));
				}
			}
		}
		return keys;
	}

	private static Properties load(Path bundle) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

}
