package dev.workerstarter.pool;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import dev.workerstarter.kernel.WorkerContext;

/**
 * The application's worker pools, a bean: the default pool ({@code worker.pool.*} and the
 * other top-level keys) and those configured under {@code worker.pools.<name>}, each with
 * its own workers, kernels, queue and reboot strategies. Run work on one with
 * {@code pools.pool("reports").run(() -> report.render())}.
 */
public interface WorkerPools {

	/**
	 * Returns the default pool, named {@value WorkerContext#DEFAULT_POOL}.
	 * @return the default pool
	 */
	WorkerPool defaultPool();

	/**
	 * Returns a pool by name.
	 * @param name {@value WorkerContext#DEFAULT_POOL} or a name under
	 * {@code worker.pools}
	 * @return the pool
	 * @throws IllegalArgumentException if there is no pool of that name; the message
	 * lists the pools there are
	 */
	WorkerPool pool(String name);

	/**
	 * Returns every pool, the default pool first, then the named pools in the order they
	 * are configured.
	 * @return the pools
	 */
	List<WorkerPool> pools();

	/**
	 * Runs a rolling reset of every pool at once ({@link WorkerPool#rollingReset()}),
	 * each pool one worker at a time.
	 * @return what each reset did, by pool name, in the order of {@link #pools()}
	 */
	Mono<Map<String, RollingResetResult>> rollingReset();

}
