package org.hubben.web.site;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PagesFromMemory} reads a query's parameters as WebFlux reads them. */
class PagesFromMemoryTests {

	@Test
	void readsTheFirstValueOfAParameterAsWebFluxDoes() {
		List<String> queries = List.of("", "lang", "lang=", "lang=sv", "a=1&lang=en&lang=sv", "lang&lang=sv",
				"xlang=sv&lang=en", "lang==sv", "=x&lang=en", "&&lang=en&", "utm_source=X", "utm_source&utm_source=x",
				"lang=sv&utm_source=");
		for (String query : queries) {
			for (String name : List.of("lang", "utm_source")) {
				String webFlux = MockServerHttpRequest.get("/p/post/share?" + query)
					.build()
					.getQueryParams()
					.getFirst(name);
				assertThat(PagesFromMemory.parameter(query, name)).as("%s in %s", name, query).isEqualTo(webFlux);
			}
		}
	}

}
