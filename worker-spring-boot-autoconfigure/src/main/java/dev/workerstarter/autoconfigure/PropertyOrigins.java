package dev.workerstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Finds where a property is set: its entry in each property source that sets it, with
 * relaxed names (such as {@code WORKER_POOL_SIZE}), highest precedence first, each with
 * its origin. When no source has the property itself, a list entry such as
 * {@code worker.middlewares[1]} is found as the list written as one comma-separated
 * value, and a map key such as {@code worker.metrics.collect.jobs} as its first entry.
 * Map keys are matched as Spring Boot matches them, in any case and with underscores.
 */
final class PropertyOrigins {

	// What ConfigurationPropertyName.adapt keeps: it would drop any other character.
	private static final Pattern ADAPTABLE = Pattern.compile("[A-Za-z0-9_.\\[\\]-]+");

	private PropertyOrigins() {
	}

	static List<ConfigurationProperty> find(@Nullable ConfigurableEnvironment environment, String property) {
		ConfigurationPropertyName name = name(property);
		if (environment == null || name == null) {
			return List.of();
		}
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		List<ConfigurationProperty> found = find(sources, name);
		if (found.isEmpty() && name.isLastElementIndexed()) {
			found = find(sources, name.getParent());
		}
		return found.isEmpty() ? firstDescendants(sources, name) : found;
	}

	// As Spring Boot reads the names in property sources: a map key such as payload_size
	// or userLogin is not a canonical name. A key with other characters, such as
	// http:requests, is not looked up rather than taken for another.
	private static @Nullable ConfigurationPropertyName name(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
		if (name != null || !ADAPTABLE.matcher(property).matches()) {
			return name;
		}
		return ConfigurationPropertyName.adapt(property, '.');
	}

	private static List<ConfigurationProperty> find(Iterable<ConfigurationPropertySource> sources,
			ConfigurationPropertyName name) {
		List<ConfigurationProperty> found = new ArrayList<>();
		for (ConfigurationPropertySource source : sources) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				found.add(property);
			}
		}
		return found;
	}

	private static List<ConfigurationProperty> firstDescendants(Iterable<ConfigurationPropertySource> sources,
			ConfigurationPropertyName name) {
		List<ConfigurationProperty> found = new ArrayList<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter(name::isAncestorOf)
					.findFirst()
					.map(iterable::getConfigurationProperty)
					.ifPresent(found::add);
			}
		}
		return found;
	}

}
