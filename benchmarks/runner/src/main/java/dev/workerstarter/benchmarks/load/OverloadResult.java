package dev.workerstarter.benchmarks.load;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What the overload scenario measured.
 *
 * @param poolSize workers
 * @param maxQueueSize requests that may wait for a worker
 * @param connections concurrent connections of the load
 * @param capacity the throughput the pool can give at best
 * @param rounds what each round measured, in order
 */
public record OverloadResult(int poolSize, int maxQueueSize, int connections, double capacity,
		List<OverloadRound> rounds) {

	/**
	 * Returns the failed requests (neither successful nor {@code 503}) over every round.
	 * @return the failed requests
	 */
	public long failed() {
		return sum(LoadResult::failed);
	}

	/**
	 * Returns the {@code 503} responses over every round.
	 * @return the responses
	 */
	public long unavailable() {
		return sum(LoadResult::unavailable);
	}

	/**
	 * Returns the {@code 503} responses that carried a {@code Retry-After} header, over
	 * every round.
	 * @return the responses
	 */
	public long retryAfter() {
		return sum(LoadResult::retryAfter);
	}

	private long sum(ToLongFunction<LoadResult> value) {
		return this.rounds.stream().mapToLong((round) -> value.applyAsLong(round.load())).sum();
	}

}
