package dev.workerstarter.benchmarks.micro;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH micro benchmarks of the starter in forked JVMs, printing JMH's progress to
 * standard output. Run alone with {@code MicroSuite [--quick]}.
 */
public final class MicroSuite {

	private static final List<Described> BENCHMARKS = List.of(new Described(PoolBenchmark.class, "acquireRelease",
			"pool.acquireRelease",
			"Run a job on the idle worker through WorkerPool.run: start and bind it, subscribe its work (an empty Mono), end it, worker back in the idle queue (one thread)."),
			new Described(ScopedProxyBenchmark.class, "proxied", "scopedProxy.call",
					"One call of a trivial method through a @WorkerScoped bean's proxy, with a job bound to the thread."),
			new Described(ScopedProxyBenchmark.class, "direct", "scopedProxy.baseline",
					"The same call on the worker's instance itself, without the proxy (baseline)."),
			new Described(KernelRebootBenchmark.class, "reboot", "kernel.reboot",
					"One kernel reboot with 10 @WorkerScoped beans on a pool of one, until the worker is idle again."),
			new Described(StrategyBenchmark.class, "success", "strategy.success",
					"Reboot decision of the default strategies [on_exception, max_jobs] after a successful job."),
			new Described(StrategyBenchmark.class, "allowedException", "strategy.allowedException",
					"Reboot decision of the default strategies [on_exception, max_jobs] after a job that threw an allowed exception."),
			new Described(TaskBenchmark.class, "workerTasks", "tasks.workerTasks",
					"Small tasks per second: batches of 1000 submitted at once through WorkerTasks.submit on a pool of 4 workers, awaited."),
			new Described(TaskBenchmark.class, "springAsync", "tasks.springAsync",
					"The same batches through a Spring @Async method on a ThreadPoolTaskExecutor of 4 threads (baseline)."),
			new Described(JobsBenchmark.class, "redis", "jobs.redis",
					"Durable jobs per second through the Redis Streams driver (local redis-server): batches of 2000 pushed through WorkerJobs and handled on 4 workers, each acknowledged."),
			new Described(JobsBenchmark.class, "memory", "jobs.memory", "The same batches through the memory driver."));

	private MicroSuite() {
	}

	/**
	 * Runs every micro benchmark in one forked JVM each.
	 * @param quick a few short iterations (under a minute in all) instead of 5 warmup and
	 * 5 measurement iterations of one second
	 * @return the results, in a fixed order
	 */
	public static List<MicroResult> run(boolean quick) {
		ChainedOptionsBuilder options = new OptionsBuilder().forks(1)
			.jvmArgs("-Xms512m", "-Xmx512m")
			.shouldFailOnError(true);
		for (Described benchmark : BENCHMARKS) {
			options.include("^" + Pattern.quote(benchmark.fullName()) + "$");
		}
		if (quick) {
			options.warmupIterations(2)
				.warmupTime(TimeValue.milliseconds(500))
				.measurementIterations(3)
				.measurementTime(TimeValue.milliseconds(500));
		}
		else {
			options.warmupIterations(5)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(5)
				.measurementTime(TimeValue.seconds(1));
		}
		Collection<RunResult> runResults;
		try {
			runResults = new Runner(options.build()).run();
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("The micro benchmarks failed", ex);
		}
		Map<String, Result<?>> scores = new HashMap<>();
		for (RunResult runResult : runResults) {
			scores.put(runResult.getParams().getBenchmark(), runResult.getPrimaryResult());
		}
		List<MicroResult> results = new ArrayList<>();
		for (Described benchmark : BENCHMARKS) {
			Result<?> score = scores.get(benchmark.fullName());
			if (score == null) {
				throw new IllegalStateException("No result for " + benchmark.fullName());
			}
			results.add(new MicroResult(benchmark.id(), benchmark.description(), score.getScore(),
					score.getScoreError(), score.getScoreUnit()));
		}
		return results;
	}

	/**
	 * Runs the suite and prints a summary.
	 * @param args {@code --quick} for a short run
	 */
	public static void main(String[] args) {
		boolean quick = List.of(args).contains("--quick");
		for (MicroResult result : run(quick)) {
			System.out.printf("%-28s %12.3f ± %10.3f %-6s %s%n", result.benchmark(), result.score(), result.error(),
					result.unit(), result.description());
		}
	}

	private record Described(Class<?> type, String method, String id, String description) {

		String fullName() {
			return this.type.getName() + "." + this.method;
		}

	}

}
