package dev.workerstarter.autoconfigure;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Backs {@link ConditionalOnWorkerIntegration}: an integration's own switch wins over
 * {@code worker.default-integrations}.
 */
final class OnWorkerIntegrationCondition extends SpringBootCondition {

	private static final String DEFAULT_INTEGRATIONS = "worker.default-integrations";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		// Only @ConditionalOnWorkerIntegration names this condition: never null.
		Map<String, @Nullable Object> attributes = Objects
			.requireNonNull(metadata.getAnnotationAttributes(ConditionalOnWorkerIntegration.class.getName()));
		String name = (String) attributes.get("value");
		String key = "worker.integrations." + name + ".enabled";
		Binder binder = Binder.get(context.getEnvironment());
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnWorkerIntegration.class,
				"(" + name + ")");
		Boolean own = binder.bind(key, Boolean.class).orElse(null);
		if (own != null) {
			return new ConditionOutcome(own, message.because(key + " is " + own));
		}
		boolean defaults = binder.bind(DEFAULT_INTEGRATIONS, Boolean.class).orElse(true);
		return new ConditionOutcome(defaults, message.because(DEFAULT_INTEGRATIONS + " is " + defaults));
	}

}
