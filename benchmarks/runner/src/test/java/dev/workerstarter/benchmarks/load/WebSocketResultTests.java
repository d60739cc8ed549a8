package dev.workerstarter.benchmarks.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The figures of the WebSocket scenario, computed from its rounds and from the servers'
 * memory endpoint.
 */
class WebSocketResultTests {

	@Test
	void memoryPerIdleConnectionIsTheDifferenceOverTheConnections() {
		WebSocketRound round = round(1_000, 10 * 1024, 10);
		assertThat(round.heapBytesPerConnection()).isEqualTo(10 * 1024);
		assertThat(round.directBytesPerConnection()).isEqualTo(0.5);
		assertThat(round.bytesPerConnection()).isEqualTo(10 * 1024 + 0.5);
	}

	@Test
	void deliveriesAreFanoutsTimesConnectionsOverTheTime() {
		assertThat(round(1_000, 1_024, 10).deliveriesPerSecond()).isEqualTo(10 * 1_000 / 2.0);
	}

	@Test
	void ratiosAreSubjectOverBaselineInTheSameRoundAndTheirMedianIsReported() {
		WebSocketSystem workers = new WebSocketSystem("workers", "Workers", "/ws",
				List.of(round(900, 20 * 1024, 10), round(800, 20 * 1024, 10), round(1_000, 20 * 1024, 10)));
		WebSocketSystem plain = new WebSocketSystem("webflux", "Plain", "/plain-ws",
				List.of(round(1_000, 10 * 1024, 20), round(1_000, 10 * 1024, 20), round(2_000, 10 * 1024, 20)));
		WebSocketResult result = new WebSocketResult(1_000, 32, List.of(workers, plain));
		assertThat(result.echo().throughput()).containsExactly(0.9, 0.8, 0.5);
		assertThat(result.echo().medianThroughput()).isEqualTo(0.8);
		assertThat(result.echoPerCpu()).containsExactly(0.9, 0.8, 0.5);
		assertThat(result.fanout().throughput()).containsExactly(0.5, 0.5, 0.5);
		assertThat(result.memory()).allSatisfy((ratio) -> assertThat(ratio).isCloseTo(2, within(0.001)));
		assertThat(workers.median((round) -> round.echo().throughput())).isEqualTo(900);
	}

	@Test
	void readsTheMemoryEndpointsAnswer() {
		assertThat(ServerMemory.parse("{\"connections\":1000,\"direct\":16777216,\"heap\":52428800}"))
			.isEqualTo(new ServerMemory(52_428_800, 16_777_216, 1_000));
	}

	@Test
	void theLowestReadingsOfTheMemoryAreKept() {
		assertThat(ServerMemory.lowest(new ServerMemory(30, 5, 10), new ServerMemory(20, 6, 10)))
			.isEqualTo(new ServerMemory(20, 5, 10));
	}

	// A round of 1,000 connections: round trips per second, heap per idle connection,
	// fan-outs in 2 s; 500 bytes of direct memory for them all.
	private static WebSocketRound round(double roundTrips, long heapPerConnection, long fanouts) {
		ServerMemory empty = new ServerMemory(40_000_000, 4_000_000, 0);
		ServerMemory idle = new ServerMemory(40_000_000 + 1_000 * heapPerConnection, 4_000_500, 1_000);
		LoadResult echo = new LoadResult((long) roundTrips, (long) roundTrips, 0, 0, 0, 1, 1, 2, 3, 4, 0.9, Double.NaN);
		LoadResult fanout = new LoadResult(fanouts, fanouts, 0, 0, 0, 2, 10, 11, 12, 13, 1.8, Double.NaN);
		return new WebSocketRound(1_000, empty, idle, echo, 0.8, fanout);
	}

}
