package dev.workerstarter.benchmarks.micro;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.pool.Worker;

/**
 * One worker's round trip through the pool on a single thread: acquire, start a job, release
 * it, and the worker back in the idle queue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolBenchmark {

	private static final Function<Worker, Mono<Void>> JOB = (worker) -> {
		worker.startJob().release();
		return Mono.empty();
	};

	private MicroApplication application;

	@Setup(Level.Trial)
	public void start() {
		this.application = new MicroApplication(App.class);
		this.application.awaitIdle();
	}

	// Every job must have given its worker back synchronously, or the next ones would queue.
	@TearDown(Level.Iteration)
	public void verifyIdle() {
		this.application.awaitIdle();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.application.close();
	}

	@Benchmark
	public void acquireRelease() {
		this.application.dispatch(JOB);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
