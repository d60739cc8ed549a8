package dev.workerstarter.benchmarks.load;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One system's rounds in the WebSocket scenario.
 *
 * @param id the system's id
 * @param label the system's label
 * @param path the WebSocket endpoint's path
 * @param rounds what each round measured, in order
 */
public record WebSocketSystem(String id, String label, String path, List<WebSocketRound> rounds) {

	/**
	 * Returns the median over the rounds of a figure.
	 * @param value the figure
	 * @return its median
	 */
	public double median(ToDoubleFunction<WebSocketRound> value) {
		return Median.of(this.rounds.stream().map(value::applyAsDouble).toList());
	}

	/**
	 * Returns the failed echo round trips (a reply other than the echo) over every round.
	 * @return the failed round trips
	 */
	public long echoFailed() {
		return this.rounds.stream().mapToLong((round) -> round.echo().failed()).sum();
	}

}
