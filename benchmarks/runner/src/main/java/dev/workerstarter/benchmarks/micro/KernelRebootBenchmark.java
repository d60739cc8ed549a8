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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.pool.JobWork;

/**
 * One kernel reboot of a pool of one worker with ten worker-scoped beans: a job asks for
 * the reboot, and the benchmark waits until the worker is back in the pool with its new
 * kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelRebootBenchmark {

	private static final JobWork<Void> REBOOTING_JOB = (job) -> {
		job.requestKernelReboot();
		return Mono.empty();
	};

	private MicroApplication application;

	@Setup(Level.Trial)
	public void start() {
		this.application = new MicroApplication(App.class);
		this.application.awaitIdle();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.application.close();
	}

	@Benchmark
	public void reboot() {
		this.application.run(REBOOTING_JOB);
		this.application.awaitIdle();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		@WorkerScoped
		Cell cell1() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell2() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell3() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell4() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell5() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell6() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell7() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell8() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell9() {
			return new Cell();
		}

		@Bean
		@WorkerScoped
		Cell cell10() {
			return new Cell();
		}

	}

	/** A trivial worker-scoped bean with a little state to create. */
	public static class Cell {

		final long[] state = new long[8];

	}

}
