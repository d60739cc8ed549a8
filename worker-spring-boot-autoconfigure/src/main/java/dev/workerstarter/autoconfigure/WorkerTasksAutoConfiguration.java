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
import org.springframework.context.annotation.Import;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.internal.IsolatedEvents;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.task.WorkerTasks;
import dev.workerstarter.task.internal.DefaultWorkerTasks;
import dev.workerstarter.task.internal.TaskMeters;
import dev.workerstarter.timer.internal.TimerConfig;
import dev.workerstarter.timer.internal.TimerMeters;
import dev.workerstarter.timer.internal.WorkerTimers;

/**
 * Auto-configuration of tasks and timers wherever there are worker pools: the
 * {@link WorkerTasks} bean, whose tasks run on {@code worker.tasks.pool}, and the timers
 * of the {@code @WorkerTimer} methods and of {@code worker.timers}, with the ShedLock
 * lock of single-instance timers when ShedLock is on the class path.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnBean(WorkerPools.class)
@EnableConfigurationProperties(WorkerProperties.class)
@Import(WorkerTimerLockConfiguration.class)
public final class WorkerTasksAutoConfiguration {

	private static final String POOL = "worker.tasks.pool";

	@Bean
	DefaultWorkerTasks workerTasks(WorkerProperties properties, WorkerPools pools, ObjectProvider<TaskMeters> meters,
			ApplicationEventPublisher publisher) {
		return new DefaultWorkerTasks(pool(pools, properties.tasks().pool()), new IsolatedEvents(publisher),
				meters.getIfAvailable(() -> TaskMeters.NONE));
	}

	@Bean
	WorkerTimers workerTimers(ConfigurableListableBeanFactory beanFactory, WorkerProperties properties,
			DefaultWorkerTasks tasks, ObjectProvider<TimerLockChoice> lock, ObjectProvider<TimerMeters> meters) {
		Map<String, TimerConfig> configs = new LinkedHashMap<>();
		properties.timers()
			.forEach((name, timer) -> configs.put(name,
					TimerConfig.of(timer.bean(), timer.fixedRate(), timer.fixedDelay(), timer.cron(), timer.zone(),
							timer.initialDelay(), timer.singleInstance(), timer.lockAtMostFor(), timer.enabled())));
		return new WorkerTimers(beanFactory, configs, tasks, lock.getIfAvailable(() -> TimerLockChoice.NONE).lock(),
				meters.getIfAvailable(() -> TimerMeters.NONE), Schedulers.parallel());
	}

	private static WorkerPool pool(WorkerPools pools, String name) {
		try {
			return pools.pool(name);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkerPropertyException(POOL, name, String.valueOf(ex.getMessage()),
					"Name the default pool (default) or one configured under worker.pools.");
		}
	}

}
