package dev.workerstarter.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import dev.workerstarter.integration.session.JobSession;
import dev.workerstarter.integration.session.internal.JobExchangeFilter;
import dev.workerstarter.integration.session.internal.JobExchanges;
import dev.workerstarter.integration.session.internal.SessionCommitFilter;
import dev.workerstarter.integration.session.internal.SessionTrackingManager;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of the sessions integration: a session a job uses is saved before
 * the job ends, whatever the handler returns, and {@link JobSession} gives worker-scoped
 * beans the session and principal of the job at hand. Works with WebFlux's own sessions
 * and with Spring Session's ({@code @EnableSpringWebSession}), which both go through the
 * {@code webSessionManager}. Off with {@code worker.integrations.session.enabled=false}.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnClass({ WebSessionManager.class, WebHttpHandlerBuilderCustomizer.class })
@ConditionalOnBean(WorkerPools.class)
@ConditionalOnWorkerIntegration("session")
public final class WorkerSessionAutoConfiguration {

	@Bean
	JobExchanges workerJobExchanges() {
		return new JobExchanges();
	}

	@Bean
	JobExchangeFilter workerJobExchangeFilter(JobExchanges exchanges) {
		return new JobExchangeFilter(exchanges);
	}

	@Bean
	SessionCommitFilter workerSessionCommitFilter() {
		return new SessionCommitFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	JobSession jobSession(JobExchanges exchanges) {
		return new JobSession(exchanges);
	}

	// First, so that a customizer setting a session manager of its own replaces the
	// tracking one rather than being replaced by the bean.
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebHttpHandlerBuilderCustomizer workerSessionTracking(BeanFactory beanFactory) {
		return (builder) -> builder.sessionManager(new SessionTrackingManager(sessionManager(beanFactory)));
	}

	// The manager the builder took from the context, or the one WebFlux uses without a
	// bean.
	private static WebSessionManager sessionManager(BeanFactory beanFactory) {
		String name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME;
		return beanFactory.containsBean(name) ? beanFactory.getBean(name, WebSessionManager.class)
				: new DefaultWebSessionManager();
	}

}
