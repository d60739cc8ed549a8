package dev.workerstarter.benchmarks.micro;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;

import dev.workerstarter.reboot.FinishedJob;
import dev.workerstarter.reboot.MaxJobsRebootStrategy;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.reboot.internal.RebootPolicy;

/**
 * The reboot decision after a job with the default strategies
 * {@code [on_exception, max_jobs]}, for a job that succeeded and for one that threw an
 * allowed exception. Neither reboots.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StrategyBenchmark {

	// Not final: JMH advises against constants the JIT could fold into the measured code.
	private RebootPolicy policy;

	private FinishedJob succeeded;

	private FinishedJob allowedException;

	@Setup
	public void setUp() {
		this.policy = new RebootPolicy(List.of(new OnExceptionRebootStrategy(List.of(ErrorResponse.class)),
				new MaxJobsRebootStrategy(1000, 0.2, new Random(42))));
		this.policy.kernelBooted(1);
		this.succeeded = new Finished(1, 1, null);
		this.allowedException = new Finished(1, 1, new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (this.policy.evaluate(this.succeeded) != null || this.policy.evaluate(this.allowedException) != null) {
			throw new IllegalStateException("Neither job should reboot the kernel");
		}
	}

	@Benchmark
	public @Nullable RebootReason success() {
		return this.policy.evaluate(this.succeeded);
	}

	@Benchmark
	public @Nullable RebootReason allowedException() {
		return this.policy.evaluate(this.allowedException);
	}

	record Finished(int workerId, long jobNumber, @Nullable Throwable exception) implements FinishedJob {
	}

}
