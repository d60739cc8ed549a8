package dev.workerstarter.benchmarks.micro;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.WorkerJobs;

/**
 * Durable jobs per second, end to end: a batch pushed through {@link WorkerJobs} (64
 * pushes in flight) and awaited until every job was handled and acknowledged on a pool of
 * 4 workers; through the Redis Streams driver against a local redis-server
 * ({@code redis}), and through the memory driver ({@code memory}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JobsBenchmark {

	static final int BATCH = 2000;

	private static final String PIPELINE = "bench";

	private RedisServerProcess redis;

	private MicroApplication application;

	private WorkerJobs jobs;

	private Semaphore handled;

	@Setup(Level.Trial)
	public void start(BenchmarkParams params) throws Exception {
		String driver = params.getBenchmark().endsWith(".redis") ? "redis" : "memory";
		int redisPort = 6379;
		if ("redis".equals(driver)) {
			this.redis = RedisServerProcess.start();
			redisPort = this.redis.port();
		}
		this.application = new MicroApplication(App.class, "worker.tasks.pool=tasks", "worker.pools.tasks.size=4",
				"spring.data.redis.port=" + redisPort, "management.health.redis.enabled=false",
				"worker.jobs.pipelines." + PIPELINE + ".driver=" + driver,
				"worker.jobs.pipelines." + PIPELINE + ".handler=benchmarkJobHandler");
		this.jobs = this.application.bean(WorkerJobs.class);
		this.handled = this.application.bean(Semaphore.class);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.application.close();
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void redis() throws InterruptedException {
		pushAndHandle();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void memory() throws InterruptedException {
		pushAndHandle();
	}

	private void pushAndHandle() throws InterruptedException {
		Flux.range(0, BATCH).flatMap((i) -> this.jobs.push(PIPELINE, i), 64).then().block();
		this.handled.acquire(BATCH);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Semaphore handledJobs() {
			return new Semaphore(0);
		}

		@Bean
		JobHandler benchmarkJobHandler(Semaphore handledJobs) {
			return (message) -> handledJobs.release();
		}

	}

}
