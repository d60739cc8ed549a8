package dev.workerstarter.integration.jpa.internal;

import java.time.Duration;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.WorkerResettable;

/**
 * Looks after worker-scoped JPA {@link EntityManager}s, each kernel's own long-lived
 * manager, as RoadRunner's Symfony bundle looks after Doctrine's: after every job that
 * used one, a transaction the job left open is rolled back and the persistence context
 * cleared, so that no entity outlives its request; one the job closed, or whose
 * transaction it left marked rollback-only, reboots the kernel (reason {@code FORCED}),
 * so that the next job gets a new one. With Hibernate, the JDBC connection a manager
 * holds between jobs is validated before a job uses the manager again after it sat unused
 * for a while, and replaced if dead.
 */
public final class EntityManagerResetAdapter implements WorkerResetAdapter {

	private static final boolean HIBERNATE = ClassUtils.isPresent(
			"org.hibernate.engine.spi.SharedSessionContractImplementor",
			EntityManagerResetAdapter.class.getClassLoader());

	private final long validateAfterIdleNanos;

	private EntityManagerResetAdapter(Duration validateAfterIdle) {
		this.validateAfterIdleNanos = validateAfterIdle.toNanos();
	}

	/**
	 * Creates an adapter for the configured idle time.
	 * @param prefix the prefix of its key, for example {@code worker.integrations.jpa}
	 * @param validateAfterIdle how long a manager may stay unused before the connection
	 * it holds is validated on its next use; zero validates it before every job that uses
	 * it
	 * @return the adapter
	 * @throws InvalidWorkerPropertyException if the idle time is negative
	 */
	public static EntityManagerResetAdapter of(String prefix, Duration validateAfterIdle) {
		return new EntityManagerResetAdapter(
				InvalidWorkerPropertyException.requireNotNegative(prefix + ".validate-after-idle", validateAfterIdle));
	}

	@Override
	public @Nullable WorkerResettable adapt(Object bean) {
		if (!(bean instanceof EntityManager entityManager)) {
			return null;
		}
		HeldConnection connection = HIBERNATE ? HeldConnection.of(entityManager) : null;
		return new EntityManagerReset(entityManager, connection, this.validateAfterIdleNanos);
	}

}
