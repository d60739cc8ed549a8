package dev.workerstarter.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers of docs/architecture.md, read from the main sources: a package imports (or
 * links in its Javadoc) only packages of its own layer or below.
 */
class PackageLayersTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/workerstarter");

	// The first segment below dev.workerstarter, lowest layer first; one layer may hold
	// several.
	private static final Map<String, Integer> LAYERS = Map.ofEntries(Map.entry("internal", 0), Map.entry("config", 1),
			Map.entry("reboot", 2), Map.entry("event", 3), Map.entry("kernel", 4), Map.entry("middleware", 5),
			Map.entry("observation", 6), Map.entry("pool", 7), Map.entry("web", 8), Map.entry("metrics", 9),
			Map.entry("jfr", 9), Map.entry("integration", 9), Map.entry("websocket", 9), Map.entry("process", 9),
			Map.entry("task", 9), Map.entry("timer", 9), Map.entry("job", 9), Map.entry("actuate", 10),
			Map.entry("dashboard", 10), Map.entry("autoconfigure", 11));

	private static final Pattern PACKAGE = Pattern.compile("^package dev\\.workerstarter\\.(\\w+)", Pattern.MULTILINE);

	private static final Pattern REFERENCE = Pattern
		.compile("(?:^import (?:static )?|\\{@link(?:plain)? )dev\\.workerstarter\\.(\\w+)", Pattern.MULTILINE);

	@Test
	void everyPackageHasALayer() throws IOException {
		try (Stream<Path> packages = Files.list(SOURCES)) {
			assertThat(packages.filter(Files::isDirectory).map((dir) -> dir.getFileName().toString())).isNotEmpty()
				.allSatisfy((name) -> assertThat(LAYERS).containsKey(name));
		}
	}

	@Test
	void noPackageReachesUpToALayerAboveItsOwn() throws IOException {
		List<String> upward = new ArrayList<>();
		int read = 0;
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher owner = PACKAGE.matcher(source);
				assertThat(owner.find()).as("package of %s", file).isTrue();
				int layer = LAYERS.get(owner.group(1));
				Matcher reference = REFERENCE.matcher(source);
				while (reference.find()) {
					if (LAYERS.get(reference.group(1)) > layer) {
						upward.add(SOURCES.relativize(file) + " -> " + reference.group(1));
					}
				}
				read++;
			}
		}
		assertThat(read).isGreaterThan(100);
		assertThat(upward).isEmpty();
	}

}
