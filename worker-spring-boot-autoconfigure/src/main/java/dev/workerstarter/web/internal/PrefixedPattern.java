package dev.workerstarter.web.internal;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A path pattern with the literal start that every path it matches begins with, checked
 * first: most requests match none of the excluded and routed patterns, and a prefix check
 * tells so without the pattern's matching context and segment walk.
 *
 * @param pattern the pattern
 * @param prefix the text before its first variable or wildcard, up to the last separator
 * before them (the separator excluded, as {@code /**} also matches no segment at all);
 * empty when the pattern's text has an escape ({@code %}) or a path parameter ({@code ;})
 */
record PrefixedPattern(PathPattern pattern, String prefix) {

	static PrefixedPattern[] of(List<PathPattern> patterns) {
		return patterns.stream().map(PrefixedPattern::of).toArray(PrefixedPattern[]::new);
	}

	static PrefixedPattern of(PathPattern pattern) {
		String text = pattern.getPatternString();
		if (!isLiteral(text)) {
			return new PrefixedPattern(pattern, "");
		}
		int variable = indexOfAny(text, "{*?");
		if (variable < 0) {
			return new PrefixedPattern(pattern, text);
		}
		int separator = text.lastIndexOf('/', variable);
		return new PrefixedPattern(pattern, (separator > 0) ? text.substring(0, separator) : "");
	}

	/**
	 * Tells whether a raw path is matched as it is written: a pattern matches the decoded
	 * segments, without their {@code ;} parameters, so a path with either is left to the
	 * pattern alone.
	 * @param path the raw path
	 * @return whether its prefix can be compared as text
	 */
	static boolean isLiteral(String path) {
		return path.indexOf('%') < 0 && path.indexOf(';') < 0;
	}

	/**
	 * Tells whether the pattern matches a path.
	 * @param path the path
	 * @param value its raw text ({@link PathContainer#value()})
	 * @param literal whether that text {@linkplain #isLiteral(String) can be compared}
	 * with the prefix
	 * @return whether the pattern matches
	 */
	boolean matches(PathContainer path, String value, boolean literal) {
		return (!literal || value.startsWith(this.prefix)) && this.pattern.matches(path);
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

}
