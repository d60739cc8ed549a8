package dev.workerstarter.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What the WebSocket scenario measured: the worker listeners (the subject) and a plain
 * WebFlux {@code WebSocketHandler} (the baseline), round by round.
 *
 * @param connections the connections of every round
 * @param poolSize the workers of the subject's pool
 * @param systems the subject's rounds, then the baseline's
 */
public record WebSocketResult(int connections, int poolSize, List<WebSocketSystem> systems) {

	/**
	 * Returns the subject: the worker listeners.
	 * @return its rounds
	 */
	public WebSocketSystem subject() {
		return this.systems.get(0);
	}

	/**
	 * Returns the baseline: the plain handler.
	 * @return its rounds
	 */
	public WebSocketSystem baseline() {
		return this.systems.get(1);
	}

	/**
	 * Returns the echo round trips and p99 of the subject over the baseline's, per round.
	 * @return the ratios
	 */
	public Ratio echo() {
		return new Ratio(baseline().id(), baseline().label(), ratios((round) -> round.echo().throughput()),
				ratios((round) -> round.echo().p99Millis()));
	}

	/**
	 * Returns the echo round trips per second of server CPU time of the subject over the
	 * baseline's, per round: the cost of a round trip, which holds where other processes
	 * take the server's CPU away.
	 * @return the ratios
	 */
	public List<Double> echoPerCpu() {
		return ratios((round) -> round.echo().throughput() / round.echo().serverCpu());
	}

	/**
	 * Returns the fan-out deliveries per second and p99 fan-out time of the subject over
	 * the baseline's, per round.
	 * @return the ratios
	 */
	public Ratio fanout() {
		return new Ratio(baseline().id(), baseline().label(), ratios(WebSocketRound::deliveriesPerSecond),
				ratios((round) -> round.fanout().p99Millis()));
	}

	/**
	 * Returns the memory per idle connection of the subject over the baseline's, per
	 * round.
	 * @return the ratios
	 */
	public List<Double> memory() {
		return ratios(WebSocketRound::bytesPerConnection);
	}

	private List<Double> ratios(ToDoubleFunction<WebSocketRound> value) {
		List<Double> ratios = new ArrayList<>();
		for (int round = 0; round < subject().rounds().size(); round++) {
			ratios.add(value.applyAsDouble(subject().rounds().get(round))
					/ value.applyAsDouble(baseline().rounds().get(round)));
		}
		return ratios;
	}

}
