package dev.workerstarter.autoconfigure;

import io.sentry.IScopes;
import io.sentry.SentryOptions;
import io.sentry.reactor.SentryReactorThreadLocalAccessor;
import io.sentry.spring.boot4.SentryAutoConfiguration;
import io.sentry.spring7.webflux.AbstractSentryWebFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.integration.sentry.internal.CapturedExceptions;
import dev.workerstarter.integration.sentry.internal.SentryJobScopes;
import dev.workerstarter.integration.sentry.internal.SentryRequestTags;
import dev.workerstarter.integration.sentry.internal.WorkerExceptionReporter;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of the Sentry integration, when Sentry's Spring Boot
 * auto-configuration is set up (a {@code sentry.dsn}) and the worker pool is on. Off with
 * {@code worker.integrations.sentry.enabled=false} or
 * {@code worker.default-integrations=false}.
 */
@AutoConfiguration(after = { WorkerAutoConfiguration.class, SentryAutoConfiguration.class })
@ConditionalOnClass({ IScopes.class, SentryAutoConfiguration.class, SentryReactorThreadLocalAccessor.class,
		AbstractSentryWebFilter.class })
@ConditionalOnBean({ WorkerPools.class, IScopes.class })
@ConditionalOnWorkerIntegration("sentry")
public final class WorkerSentryAutoConfiguration {

	@Bean
	SentryJobScopes workerSentryJobScopes() {
		return new SentryJobScopes();
	}

	@Bean
	SentryRequestTags workerSentryRequestTags() {
		return new SentryRequestTags();
	}

	@Bean
	CapturedExceptions workerSentryCapturedExceptions() {
		return new CapturedExceptions();
	}

	@Bean
	WorkerExceptionReporter workerSentryExceptionReporter(CapturedExceptions captured, SentryOptions options) {
		return new WorkerExceptionReporter(captured, options.getFlushTimeoutMillis());
	}

}
