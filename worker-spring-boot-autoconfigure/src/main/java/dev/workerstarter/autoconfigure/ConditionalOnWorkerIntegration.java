package dev.workerstarter.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the named integration is on: {@code worker.integrations.<name>.enabled} if
 * set, otherwise {@code worker.default-integrations} (on when not set).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnWorkerIntegrationCondition.class)
@interface ConditionalOnWorkerIntegration {

	/**
	 * The integration's name, as in {@code worker.integrations.<name>}.
	 * @return the name
	 */
	String value();

}
