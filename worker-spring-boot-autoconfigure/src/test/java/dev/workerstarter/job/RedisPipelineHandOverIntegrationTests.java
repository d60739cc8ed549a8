package dev.workerstarter.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.job.internal.JobDriver.PipelineStats;
import dev.workerstarter.job.internal.JobPipeline;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.job.internal.PipelineState;
import dev.workerstarter.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing a Redis pipeline: one stopped in the middle finishes the jobs it
 * runs and leaves every other job to the instance that stays, which handles them all; no
 * job is lost or handled twice.
 */
class RedisPipelineHandOverIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final int JOBS = 50;

	@Test
	void aStoppedInstanceLeavesNoJobBehind() throws InterruptedException {
		String prefix = TestRedis.keyPrefix();
		ConfigurableApplicationContext leaving = start(prefix);
		try (ConfigurableApplicationContext staying = start(prefix)) {
			Handler left = leaving.getBean(Handler.class);
			Handler stays = staying.getBean(Handler.class);
			WorkerJobs jobs = leaving.getBean(WorkerJobs.class);
			Flux.range(0, JOBS).concatMap((i) -> jobs.push("handover", i)).blockLast(TIMEOUT);
			// Each instance runs as many jobs as its concurrency, held by its gate.
			await().atMost(TIMEOUT).until(() -> left.started.get() == 2 && stays.started.get() == 2);

			JobPipeline leavingPipeline = leaving.getBean(JobPipelines.class).get("handover");
			Thread closer = new Thread(leaving::close, "closer");
			closer.start();
			await().atMost(TIMEOUT).until(() -> leavingPipeline.state() == PipelineState.STOPPED);
			left.gate.countDown();
			closer.join(TIMEOUT.toMillis());
			assertThat(closer.isAlive()).isFalse();
			stays.gate.countDown();

			JobPipeline stayingPipeline = staying.getBean(JobPipelines.class).get("handover");
			await().atMost(TIMEOUT)
				.until(() -> stayingPipeline.driver().stats().block(TIMEOUT),
						(stats) -> stats.waiting() + stats.delayed() + stats.inFlight() == 0);
			assertThat(left.handled).hasSize(2);
			Map<Integer, Integer> all = new HashMap<>();
			for (Map<Integer, AtomicInteger> handled : List.of(left.handled, stays.handled)) {
				handled.forEach((index, count) -> all.merge(index, count.get(), Integer::sum));
			}
			assertThat(all).hasSize(JOBS).allSatisfy((index, count) -> assertThat(count).as("job %d", index).isOne());
			assertThat(stayingPipeline.driver().stats().block(TIMEOUT)).isEqualTo(new PipelineStats(0, 0, 0, 0));
		}
		finally {
			leaving.close();
		}
	}

	private static ConfigurableApplicationContext start(String prefix) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties(TestRedis.properties(prefix))
			.properties("server.port=0", "worker.pool.size=2", "worker.jobs.redis.key-prefix=" + prefix,
					"worker.jobs.pipelines.handover.driver=redis", "worker.jobs.pipelines.handover.max-attempts=1",
					"worker.jobs.redis.poll-timeout=200ms")
			.run();
	}

	static class Handler {

		final CountDownLatch gate = new CountDownLatch(1);

		final AtomicInteger started = new AtomicInteger();

		final Map<Integer, AtomicInteger> handled = new ConcurrentHashMap<>();

		@JobListener("handover")
		void handle(int index) throws InterruptedException {
			this.started.incrementAndGet();
			assertThat(this.gate.await(20, TimeUnit.SECONDS)).isTrue();
			this.handled.computeIfAbsent(index, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Handler handler() {
			return new Handler();
		}

	}

}
