package dev.workerstarter.benchmarks.micro;

import java.util.concurrent.TimeUnit;

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

import dev.workerstarter.pool.JobWork;

/**
 * One job's round trip through the pool on a single thread: the worker taken, the job
 * started and bound, its work (an empty {@code Mono}) subscribed and completed, the job
 * ended and the worker back in the idle queue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolBenchmark {

	private static final JobWork<Void> JOB = (job) -> Mono.empty();

	private MicroApplication application;

	@Setup(Level.Trial)
	public void start() {
		this.application = new MicroApplication(App.class);
		this.application.awaitIdle();
	}

	// Every job must have given its worker back synchronously, or the next ones would
	// queue.
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
		this.application.run(JOB);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
