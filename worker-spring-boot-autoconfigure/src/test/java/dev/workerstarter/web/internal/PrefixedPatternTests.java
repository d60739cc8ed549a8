package dev.workerstarter.web.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The literal prefix tried first never changes what a pattern matches: paths written with
 * escapes or path parameters, which patterns match decoded, are left to the pattern.
 */
class PrefixedPatternTests {

	private static final List<String> PATTERNS = List.of("/actuator/**", "/health/{part}", "/plain-ws", "/files/*.txt",
			"/api/v?/items", "/**", "/{tenant}/orders", "/a/{b}/c/**");

	private static final List<String> PATHS = List.of("/actuator", "/actuator/", "/actuator/health", "/actuatorx",
			"/actu%61tor/health", "/actuator;v=1/health", "/health/db", "/health", "/health/db/x", "/plain-ws",
			"/plain-ws/", "/plain-w%73", "/files/a.txt", "/files/a.pdf", "/api/v1/items", "/api/v12/items", "/",
			"/acme/orders", "/a/b/c", "/a/b/c/d/e", "/a/bc", "");

	@Test
	void prefixesStopAtTheLastSeparatorBeforeAVariableOrWildcard() {
		assertThat(prefix("/actuator/**")).isEqualTo("/actuator");
		assertThat(prefix("/health/{part}")).isEqualTo("/health");
		assertThat(prefix("/plain-ws")).isEqualTo("/plain-ws");
		assertThat(prefix("/files/*.txt")).isEqualTo("/files");
		assertThat(prefix("/api/v?/items")).isEqualTo("/api");
		assertThat(prefix("/**")).isEmpty();
		assertThat(prefix("/{tenant}/orders")).isEmpty();
		assertThat(prefix("/caf%C3%A9/**")).isEmpty();
	}

	@Test
	void matchesWhatThePatternMatches() {
		for (String text : PATTERNS) {
			PathPattern pattern = PathPatternParser.defaultInstance.parse(text);
			PrefixedPattern prefixed = PrefixedPattern.of(pattern);
			for (String value : PATHS) {
				PathContainer path = PathContainer.parsePath(value);
				assertThat(prefixed.matches(path, value, PrefixedPattern.isLiteral(value))).as("%s on %s", text, value)
					.isEqualTo(pattern.matches(path));
			}
		}
	}

	private static String prefix(String pattern) {
		return PrefixedPattern.of(PathPatternParser.defaultInstance.parse(pattern)).prefix();
	}

}
