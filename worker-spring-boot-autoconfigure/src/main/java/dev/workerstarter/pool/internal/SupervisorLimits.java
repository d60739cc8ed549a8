package dev.workerstarter.pool.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.reboot.internal.MemoryThreshold;

/**
 * What the pool's supervisor watches, each limit off when zero.
 *
 * @param execTtl longest a job may run before it is cancelled and its worker replaced
 * @param ttl longest a kernel lives; it is rebooted after its current job (reason
 * {@code TTL})
 * @param idleTtl longest a kernel that has handled a job may stay idle before it is
 * rebooted (reason {@code IDLE_TTL})
 * @param watchTick how often the limits and the memory threshold are checked
 * @param memory heap usage after garbage collection above which every kernel is rebooted,
 * one worker at a time (reason {@code MEMORY}), or {@code null} without the
 * {@code memory} strategy
 * @param execTtlKey the key of {@code execTtl}, named when a job runs past it
 */
public record SupervisorLimits(Duration execTtl, Duration ttl, Duration idleTtl, Duration watchTick,
		@Nullable MemoryThreshold memory, String execTtlKey) {

	/** No limits and no memory threshold. */
	public static final SupervisorLimits OFF = new SupervisorLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO,
			Duration.ofSeconds(1), null, "worker.supervisor.exec-ttl");

	/**
	 * Checks configured limits.
	 * @param prefix the prefix of their keys, for example {@code worker.supervisor}
	 * @param execTtl longest a job may run, 0 for no limit
	 * @param ttl longest a kernel lives, 0 for no limit
	 * @param idleTtl longest a kernel may stay idle, 0 for no limit
	 * @param watchTick how often the limits are checked, positive
	 * @param memory the heap threshold of the {@code memory} strategy, or {@code null}
	 * @return the limits
	 * @throws InvalidWorkerPropertyException if a duration is negative, or the watch tick
	 * is not positive
	 */
	public static SupervisorLimits of(String prefix, Duration execTtl, Duration ttl, Duration idleTtl,
			Duration watchTick, @Nullable MemoryThreshold memory) {
		String execTtlKey = prefix + ".exec-ttl";
		return new SupervisorLimits(InvalidWorkerPropertyException.requireNotNegative(execTtlKey, execTtl),
				InvalidWorkerPropertyException.requireNotNegative(prefix + ".ttl", ttl),
				InvalidWorkerPropertyException.requireNotNegative(prefix + ".idle-ttl", idleTtl),
				InvalidWorkerPropertyException.requirePositive(prefix + ".watch-tick", watchTick), memory, execTtlKey);
	}

	/**
	 * Tells whether there is anything to watch.
	 * @return {@code true} if a limit or the memory threshold is set
	 */
	public boolean isActive() {
		return !this.execTtl.isZero() || !this.ttl.isZero() || !this.idleTtl.isZero() || this.memory != null;
	}

}
