package dev.workerstarter.autoconfigure;

import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.kernel.internal.WorkerThreadScope;

/**
 * Auto-configuration of the {@code worker} scope while the pool is off
 * ({@code worker.enabled=false}): a {@link WorkerThreadScope}, one instance of each
 * worker-scoped bean per thread, so that an application with {@code @WorkerScoped} beans
 * still starts and no instance is used by two threads at once.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "worker.enabled", havingValue = false)
public final class WorkerThreadScopeAutoConfiguration {

	@Bean
	static CustomScopeConfigurer workerThreadScopeConfigurer() {
		CustomScopeConfigurer configurer = new CustomScopeConfigurer();
		configurer.addScope(WorkerScope.NAME, new WorkerThreadScope());
		return configurer;
	}

}
