package dev.workerstarter.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import dev.workerstarter.integration.session.JobSession;
import dev.workerstarter.integration.session.internal.JobExchangeFilter;
import dev.workerstarter.integration.session.internal.JobExchanges;
import dev.workerstarter.integration.session.internal.SessionCommitFilter;
import dev.workerstarter.integration.session.internal.SessionTrackingManager;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSessionAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerSessionAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	void givesJobSessionAndKeepsSessionsInTheirJobs() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JobSession.class)
				.hasSingleBean(JobExchanges.class)
				.hasSingleBean(JobExchangeFilter.class)
				.hasSingleBean(SessionCommitFilter.class);
			assertThat(sessionManagerOfTheHttpHandler(context)).isInstanceOf(SessionTrackingManager.class);
		});
	}

	@Test
	void tracksTheApplicationsSessionManager() {
		DefaultWebSessionManager applications = new DefaultWebSessionManager();
		this.runner
			.withBean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME, WebSessionManager.class, () -> applications)
			.run((context) -> assertThat(sessionManagerOfTheHttpHandler(context))
				.hasToString("SessionTrackingManager[" + applications + "]"));
	}

	@Test
	void needsNoSpringSession() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.session")).run((context) -> {
			assertThat(context).hasSingleBean(JobSession.class).hasSingleBean(SessionCommitFilter.class);
			assertThat(sessionManagerOfTheHttpHandler(context)).isInstanceOf(SessionTrackingManager.class);
		});
	}

	@Test
	void isAbsentWithoutWebSessionSupport() {
		this.runner.withClassLoader(new FilteredClassLoader(WebSessionManager.class)).run(this::assertAbsent);
	}

	@ParameterizedTest
	@ValueSource(strings = { "worker.default-integrations=false", "worker.integrations.session.enabled=false",
			"worker.enabled=false" })
	void isAbsentWhenSwitchedOff(String property) {
		this.runner.withPropertyValues(property).run(this::assertAbsent);
	}

	@Test
	void itsOwnSwitchWinsOverTheDefault() {
		this.runner.withPropertyValues("worker.default-integrations=false", "worker.integrations.session.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(JobSession.class));
	}

	private void assertAbsent(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasNotFailed()
			.doesNotHaveBean(JobSession.class)
			.doesNotHaveBean(JobExchanges.class)
			.doesNotHaveBean(JobExchangeFilter.class)
			.doesNotHaveBean(SessionCommitFilter.class)
			.doesNotHaveBean("workerSessionTracking");
	}

	private static WebSessionManager sessionManagerOfTheHttpHandler(AssertableReactiveWebApplicationContext context) {
		WebHttpHandlerBuilder builder = WebHttpHandlerBuilder.webHandler((exchange) -> Mono.empty());
		context.getBeanProvider(WebHttpHandlerBuilderCustomizer.class)
			.orderedStream()
			.forEach((customizer) -> customizer.customize(builder));
		HttpHandler handler = builder.build();
		return ((HttpWebHandlerAdapter) handler).getSessionManager();
	}

}
