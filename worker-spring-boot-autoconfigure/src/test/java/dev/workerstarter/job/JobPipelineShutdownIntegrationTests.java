package dev.workerstarter.job;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

import dev.workerstarter.job.internal.JobDriver;
import dev.workerstarter.job.internal.JobDriver.PipelineStats;
import dev.workerstarter.job.internal.JobPipeline;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.job.internal.PipelineState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pipeline's life with its pool: a stop waits for the running jobs and leaves the
 * others untaken; a job the pool rejects comes back without counting an attempt.
 */
class JobPipelineShutdownIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void aStopWaitsForTheRunningJobsAndTakesNoOther() throws InterruptedException {
		ConfigurableApplicationContext context = run("worker.pool.size=2", "worker.jobs.pipelines.work.concurrency=1");
		Work work = context.getBean(Work.class);
		JobPipeline pipeline = context.getBean(JobPipelines.class).get("work");
		WorkerJobs jobs = context.getBean(WorkerJobs.class);
		Flux.range(0, 6).concatMap((i) -> jobs.push("work", "job-" + i)).blockLast(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> work.started.get() == 1);

		Thread closer = new Thread(context::close, "closer");
		closer.start();
		await().atMost(TIMEOUT).until(() -> pipeline.state() == PipelineState.STOPPED);
		// The close waits for the job, which waits for the latch.
		assertThat(closer.isAlive()).isTrue();
		work.release.countDown();
		closer.join(TIMEOUT.toMillis());
		assertThat(closer.isAlive()).isFalse();

		assertThat(work.finished).hasValue(1);
		assertThat(work.started).hasValue(1);
		assertThat(pipeline.driver().stats().block(TIMEOUT)).isEqualTo(new PipelineStats(5, 0, 0, 0));
	}

	@Test
	void aJobThePoolRejectsComesBackWithoutCountingAnAttempt() {
		// Two jobs at once on a pool of one worker and no queue: one is rejected each
		// time.
		try (ConfigurableApplicationContext context = run("worker.pool.size=1", "worker.pools.single.size=1",
				"worker.pools.single.max-queue-size=0", "worker.jobs.pipelines.work.pool=single",
				"worker.jobs.pipelines.work.concurrency=2", "worker.jobs.pipelines.work.max-attempts=1")) {
			Work work = context.getBean(Work.class);
			work.release.countDown();
			WorkerJobs jobs = context.getBean(WorkerJobs.class);
			Flux.range(0, 8).concatMap((i) -> jobs.push("work", "job-" + i)).blockLast(TIMEOUT);
			JobDriver driver = context.getBean(JobPipelines.class).get("work").driver();
			await().atMost(TIMEOUT).until(() -> work.finished.get() == 8);
			assertThat(work.attempts).hasSize(8).containsOnly(1);
			await().atMost(TIMEOUT).until(() -> driver.stats().block(TIMEOUT), (stats) -> stats.inFlight() == 0);
			assertThat(driver.stats().block(TIMEOUT)).isEqualTo(new PipelineStats(0, 0, 0, 0));
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0")
			.properties(properties)
			.run();
	}

	static class Work {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		final List<Integer> attempts = new CopyOnWriteArrayList<>();

		final CountDownLatch release = new CountDownLatch(1);

		@JobListener("work")
		void work(JobMessage message) throws InterruptedException {
			this.started.incrementAndGet();
			this.attempts.add(message.attempt());
			assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
			this.finished.incrementAndGet();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Work work() {
			return new Work();
		}

	}

}
