package dev.workerstarter.autoconfigure;

import io.sentry.Sentry;
import io.sentry.spring.boot4.SentryAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.workerstarter.integration.sentry.internal.CapturedExceptions;
import dev.workerstarter.integration.sentry.internal.SentryJobScopes;
import dev.workerstarter.integration.sentry.internal.SentryRequestTags;
import dev.workerstarter.integration.sentry.internal.WorkerExceptionReporter;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSentryAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, SentryAutoConfiguration.class,
				WorkerSentryAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1", "sentry.dsn=http://key@localhost:9/1");

	@AfterEach
	void closeSentry() {
		Sentry.close();
	}

	@Test
	void integratesWithSentryWhenItIsSetUp() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SentryJobScopes.class)
			.hasSingleBean(SentryRequestTags.class)
			.hasSingleBean(CapturedExceptions.class)
			.hasSingleBean(WorkerExceptionReporter.class));
	}

	@Test
	void staysOutWithoutADsn() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, SentryAutoConfiguration.class,
					WorkerSentryAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=1")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SentryJobScopes.class));
	}

	@Test
	void staysOutWithoutSentry() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerSentryAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=1", "sentry.dsn=http://key@localhost:9/1")
			.withClassLoader(new FilteredClassLoader("io.sentry"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SentryJobScopes.class)
				.doesNotHaveBean(WorkerExceptionReporter.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "worker.default-integrations=false", "worker.integrations.sentry.enabled=false",
			"worker.enabled=false" })
	void staysOutWhenSwitchedOff(String property) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SentryJobScopes.class)
				.doesNotHaveBean(SentryRequestTags.class)
				.doesNotHaveBean(CapturedExceptions.class)
				.doesNotHaveBean(WorkerExceptionReporter.class));
	}

	@Test
	void itsOwnSwitchKeepsItOnWhenTheOthersAreOff() {
		this.runner.withPropertyValues("worker.default-integrations=false", "worker.integrations.sentry.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(SentryJobScopes.class));
	}

}
