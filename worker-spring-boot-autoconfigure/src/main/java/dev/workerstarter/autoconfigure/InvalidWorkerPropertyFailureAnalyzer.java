package dev.workerstarter.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * Explains an {@link InvalidWorkerPropertyException} that stopped start-up as Spring Boot
 * explains an {@link InvalidConfigurationPropertyValueException}, naming the key, the
 * value and where it was set (file and line, or property source), and the other property
 * sources that set it too; but with the reason in the description and the starter's own
 * sentence on how to fix the value as the action.
 * <p>
 * Boot's analyzer matches this exception too, and has no order. Spring Boot sorts the
 * analyzers with the {@code AnnotationAwareOrderComparator} and reports the first
 * analysis, so this one comes first. Boot passes the application's environment to the
 * constructor, or {@code null} when start-up failed before there was a context.
 */
final class InvalidWorkerPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWorkerPropertyException>
		implements Ordered {

	private final @Nullable ConfigurableEnvironment environment;

	InvalidWorkerPropertyFailureAnalyzer(@Nullable Environment environment) {
		this.environment = (environment instanceof ConfigurableEnvironment configurable) ? configurable : null;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWorkerPropertyException cause) {
		List<ConfigurationProperty> settings = PropertyOrigins.find(this.environment, cause.getName());
		StringBuilder description = new StringBuilder(
				cause.describe(settings.isEmpty() ? null : settings.get(0).getOrigin()));
		if (settings.size() > 1) {
			description
				.append(String.format("%n%nAdditionally, this property is also set in the following property %s:%n%n",
						(settings.size() > 2) ? "sources" : "source"));
			for (ConfigurationProperty other : settings.subList(1, settings.size())) {
				description.append("\t- In '")
					.append(sourceName(other.getSource()))
					.append("' with the value '")
					.append(other.getValue())
					.append("'");
				appendOrigin(description, other.getOrigin());
				description.append(String.format(".%n"));
			}
		}
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	private static @Nullable Object sourceName(@Nullable ConfigurationPropertySource source) {
		Object underlying = (source != null) ? source.getUnderlyingSource() : null;
		return (underlying instanceof PropertySource<?> propertySource) ? propertySource.getName() : underlying;
	}

	private static void appendOrigin(StringBuilder description, @Nullable Origin origin) {
		if (origin != null) {
			description.append(" (originating from '").append(origin).append("')");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
