package dev.workerstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.process.internal.Backoff;
import dev.workerstarter.process.internal.ProcessMeters;
import dev.workerstarter.process.internal.ProcessSupervisor;

/**
 * Auto-configuration of the supervisor of the {@link WorkerProcess} beans, when there are
 * any: each runs on a worker of the pool named {@value ProcessSupervisor#POOL}, which
 * {@link WorkerAutoConfiguration} adds, and is restarted with the backoff of
 * {@code worker.processes.*}.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnBean({ WorkerPools.class, WorkerProcess.class })
@EnableConfigurationProperties(WorkerProperties.class)
public final class WorkerProcessAutoConfiguration {

	private static final String PREFIX = "worker.processes";

	@Bean
	ProcessSupervisor workerProcessSupervisor(WorkerProperties properties, WorkerPools pools,
			ConfigurableListableBeanFactory beanFactory, ObjectProvider<ProcessMeters> meters,
			ApplicationEventPublisher publisher) {
		WorkerProperties.Processes processes = properties.processes();
		Backoff backoff = Backoff.of(PREFIX, processes.initialBackoff(), processes.maxBackoff(),
				processes.backoffMultiplier(), processes.stableAfter());
		ProcessSupervisor.Settings settings = new ProcessSupervisor.Settings(backoff, processes.destroyTimeout(),
				PREFIX + ".destroy-timeout");
		Map<String, WorkerProcess> beans = new LinkedHashMap<>();
		for (String name : ProcessPool.processNames(beanFactory)) {
			beans.put(name, beanFactory.getBean(name, WorkerProcess.class));
		}
		return new ProcessSupervisor(settings, pools.pool(ProcessSupervisor.POOL), beans, Schedulers.parallel(),
				meters.getIfAvailable(() -> ProcessMeters.NONE), publisher);
	}

}
