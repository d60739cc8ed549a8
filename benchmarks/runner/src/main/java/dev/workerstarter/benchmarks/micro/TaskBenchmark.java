package dev.workerstarter.benchmarks.micro;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.workerstarter.task.WorkerTasks;

/**
 * Small tasks per second: a batch submitted at once and awaited, through
 * {@link WorkerTasks#submit} on a pool of {@value #THREADS} workers, and through Spring's
 * {@code @Async} on a {@link ThreadPoolTaskExecutor} of as many threads (the baseline).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TaskBenchmark {

	static final int BATCH = 1000;

	static final int THREADS = 4;

	private MicroApplication application;

	private WorkerTasks tasks;

	private AsyncTasks async;

	private final Callable<Integer> task = TaskBenchmark::work;

	@Setup(Level.Trial)
	public void start() {
		this.application = new MicroApplication(App.class, "worker.tasks.pool=tasks",
				"worker.pools.tasks.size=" + THREADS, "worker.pools.tasks.max-queue-size=" + BATCH);
		this.tasks = this.application.bean(WorkerTasks.class);
		this.async = this.application.bean(AsyncTasks.class);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.application.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void workerTasks() {
		@SuppressWarnings("unchecked")
		Mono<Integer>[] results = new Mono[BATCH];
		for (int i = 0; i < BATCH; i++) {
			results[i] = this.tasks.submit(this.task);
		}
		Mono.when(results).block();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void springAsync() {
		CompletableFuture<?>[] results = new CompletableFuture<?>[BATCH];
		for (int i = 0; i < BATCH; i++) {
			results[i] = this.async.work();
		}
		CompletableFuture.allOf(results).join();
	}

	// A small task: a few hundred nanoseconds of arithmetic.
	static Integer work() {
		int hash = 17;
		for (int i = 0; i < 200; i++) {
			hash = 31 * hash + i;
		}
		return hash;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	static class App {

		@Bean
		AsyncTasks asyncTasks() {
			return new AsyncTasks();
		}

		@Bean
		ThreadPoolTaskExecutor benchmarkAsyncExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(THREADS);
			executor.setMaxPoolSize(THREADS);
			executor.setQueueCapacity(BATCH);
			return executor;
		}

	}

	/**
	 * The baseline's task, behind Spring's {@code @Async} proxy (public, so that it can
	 * be proxied).
	 */
	public static class AsyncTasks {

		@Async("benchmarkAsyncExecutor")
		public CompletableFuture<Integer> work() {
			return CompletableFuture.completedFuture(TaskBenchmark.work());
		}

	}

}
