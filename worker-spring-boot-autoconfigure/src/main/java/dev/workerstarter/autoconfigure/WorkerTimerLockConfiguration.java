package dev.workerstarter.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.timer.internal.ShedLockTimerLock;

/**
 * The ShedLock lock of single-instance timers, when ShedLock is on the class path: the
 * application's {@link LockProvider} bean if it has one, else the provider
 * {@code worker.tasks.lock.provider} names, {@code auto} taking Redis when there is a
 * {@link RedisConnectionFactory} and ShedLock's Redis provider, else JDBC when there is a
 * {@link DataSource} and ShedLock's JDBC provider.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(LockProvider.class)
final class WorkerTimerLockConfiguration {

	private static final String PROVIDER = "worker.tasks.lock.provider";

	@Bean
	TimerLockChoice workerTimerLockChoice(ObjectProvider<LockProvider> application,
			ObjectProvider<ProviderSource> sources, WorkerProperties properties) {
		LockProvider own = application.getIfUnique();
		if (own != null) {
			return new TimerLockChoice(new ShedLockTimerLock(own));
		}
		WorkerProperties.Tasks.LockProvider wanted = properties.tasks().lock().provider();
		List<ProviderSource> candidates = sources.orderedStream()
			.filter((source) -> wanted == WorkerProperties.Tasks.LockProvider.AUTO || source.kind() == wanted)
			.sorted((first, second) -> first.kind().compareTo(second.kind()))
			.toList();
		for (ProviderSource source : candidates) {
			LockProvider provider = source.provider().get();
			if (provider != null) {
				return new TimerLockChoice(new ShedLockTimerLock(provider));
			}
		}
		if (wanted == WorkerProperties.Tasks.LockProvider.REDIS) {
			throw new InvalidWorkerPropertyException(PROVIDER, "redis",
					"there is no RedisConnectionFactory, or no shedlock-provider-redis-spring",
					"Add spring-boot-starter-data-redis and shedlock-provider-redis-spring, and point them at the "
							+ "Redis server with spring.data.redis.*; or set " + PROVIDER + " to jdbc or auto.");
		}
		if (wanted == WorkerProperties.Tasks.LockProvider.JDBC) {
			throw new InvalidWorkerPropertyException(PROVIDER, "jdbc",
					"there is no DataSource, or no shedlock-provider-jdbc-template",
					"Add a DataSource (spring.datasource.*) and shedlock-provider-jdbc-template; or set " + PROVIDER
							+ " to redis or auto.");
		}
		return TimerLockChoice.NONE;
	}

	/**
	 * Where a provider of one kind can come from.
	 *
	 * @param kind the kind, in the order {@code auto} tries them
	 * @param provider the provider, {@code null} when its connection is missing
	 */
	record ProviderSource(WorkerProperties.Tasks.LockProvider kind, Supplier<@Nullable LockProvider> provider) {

		@Override
		public String toString() {
			return this.kind.name().toLowerCase(Locale.ROOT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisLockProvider.class, RedisConnectionFactory.class })
	static final class RedisProviderConfiguration {

		@Bean
		ProviderSource workerRedisLockProviderSource(ObjectProvider<RedisConnectionFactory> connectionFactory,
				WorkerProperties properties) {
			return new ProviderSource(WorkerProperties.Tasks.LockProvider.REDIS, () -> {
				RedisConnectionFactory factory = connectionFactory.getIfUnique();
				return (factory != null) ? new RedisLockProvider(factory, properties.tasks().lock().environment())
						: null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplateLockProvider.class, JdbcTemplate.class })
	static final class JdbcProviderConfiguration {

		@Bean
		ProviderSource workerJdbcLockProviderSource(ObjectProvider<DataSource> dataSource,
				WorkerProperties properties) {
			return new ProviderSource(WorkerProperties.Tasks.LockProvider.JDBC, () -> {
				DataSource source = dataSource.getIfUnique();
				return (source != null) ? new JdbcTemplateLockProvider(source, properties.tasks().lock().tableName())
						: null;
			});
		}

	}

}
