package dev.workerstarter.integration.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code worker.grpc.pool} set, calls run on that named pool, many at once.
 */
@SpringBootTest(classes = GrpcApp.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"worker.pool.size=1", "worker.pools.calls.size=4", "worker.grpc.pool=calls", "spring.grpc.server.port=0" })
class GrpcNamedPoolIntegrationTests {

	private static final int CALLS = 200;

	private static final int THREADS = 16;

	@Autowired
	GrpcClient client;

	@Autowired
	WorkerPools pools;

	@Autowired
	RecordedEvents events;

	@Test
	void callsRunOnTheNamedPool() {
		Map<String, String> where = this.client.unary("where");

		assertThat(where).containsEntry("pool", "calls");
		assertThat(where.get("thread")).matches("worker-calls-[1-4]-kernel-\\d+");
		assertThat(this.client.stream(3)).allSatisfy((answer) -> assertThat(answer).containsEntry("pool", "calls"));
	}

	@Test
	void manyConcurrentCallsAreAllAnsweredAndThePoolIsIdleAfterwards() throws Exception {
		WorkerPool calls = this.pools.pool("calls");
		GrpcClient.awaitIdle(calls);
		this.events.clear();
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		List<Future<List<Map<String, String>>>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < CALLS; i++) {
				boolean streaming = i % 10 == 0;
				answers
					.add(threads.submit(() -> streaming ? this.client.stream(3) : List.of(this.client.unary("where"))));
			}
			List<Map<String, String>> all = new ArrayList<>();
			for (Future<List<Map<String, String>>> answer : answers) {
				all.addAll(answer.get(GrpcClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
			}

			assertThat(all).hasSize(CALLS + CALLS / 10 * 2)
				.allSatisfy((where) -> assertThat(where).containsEntry("pool", "calls"));
			assertThat(all).extracting((where) -> where.get("worker")).containsOnly("1", "2", "3", "4");
		}
		finally {
			threads.shutdownNow();
		}
		GrpcClient.awaitIdle(calls);
		GrpcClient.awaitIdle(this.pools.defaultPool());
		assertThat(this.events.exceptions()).isEmpty();
		assertThat(this.pools.defaultPool().workers()).allSatisfy((worker) -> assertThat(worker.totalJobs()).isZero());
	}

}
