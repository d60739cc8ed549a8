package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * What the rolling-reset scenario measured.
 *
 * @param poolSize workers
 * @param connections concurrent connections of the load
 * @param rounds what each round measured, in order
 */
public record RollingResetResult(int poolSize, int connections, List<RollingResetRound> rounds) {

	/**
	 * Returns the rolling resets over every round.
	 * @return the resets
	 */
	public int resets() {
		return this.rounds.stream().mapToInt((round) -> round.resetMillis().size()).sum();
	}

	/**
	 * Returns the requests over every round.
	 * @return the requests
	 */
	public long requests() {
		return this.rounds.stream().mapToLong((round) -> round.load().requests()).sum();
	}

	/**
	 * Returns the unsuccessful requests (error statuses and socket errors) over every
	 * round.
	 * @return the unsuccessful requests
	 */
	public long unsuccessful() {
		return this.rounds.stream().mapToLong((round) -> round.load().unsuccessful()).sum();
	}

}
