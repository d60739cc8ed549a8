package dev.workerstarter.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.workerstarter.benchmarks.load.LoadResults;
import dev.workerstarter.benchmarks.load.NamedPoolsResult;
import dev.workerstarter.benchmarks.load.NamedPoolsSystem;
import dev.workerstarter.benchmarks.load.OverloadResult;
import dev.workerstarter.benchmarks.load.Ratio;
import dev.workerstarter.benchmarks.load.RollingResetResult;
import dev.workerstarter.benchmarks.load.WebSocketResult;
import dev.workerstarter.benchmarks.load.WebSocketRound;
import dev.workerstarter.benchmarks.micro.MicroResult;

/**
 * The project's performance targets, checked against a run's figures.
 */
final class Targets {

	private static final String ACQUIRE_RELEASE = "pool.acquireRelease";

	private static final String PROXY_CALL = "scopedProxy.call";

	private static final String KERNEL_REBOOT = "kernel.reboot";

	private static final String WORKER_TASKS = "tasks.workerTasks";

	private static final String SPRING_ASYNC = "tasks.springAsync";

	private Targets() {
	}

	static List<Target> evaluate(LoadResults load, List<MicroResult> micro) {
		List<Target> targets = new ArrayList<>();
		if (load != null) {
			load.comparison("hello").ifPresent((hello) -> {
				Ratio plain = hello.ratio("webflux");
				targets.add(atLeast("Hello world with workers ≥ 0.98 × plain WebFlux throughput",
						plain.medianThroughput(), 0.98));
				targets.add(atMost("Hello world with workers p99 ≤ 1.05 × plain WebFlux p99", plain.medianP99(), 1.05));
				targets.add(atLeast("Hello world with workers ≥ resilience4j bulkhead throughput",
						hello.ratio("resilience4j").medianThroughput(), 1.0));
			});
			load.comparison("blocking").ifPresent((blocking) -> {
				targets.add(atLeast("Blocking 10 ms with N workers on platform threads ≥ 0.95 × N / 10 ms",
						blocking.ratio("ideal").medianThroughput(), 0.95));
				targets.add(atLeast("Blocking 10 ms with N workers on platform threads ≥ Tomcat with N threads",
						blocking.ratio("tomcat").medianThroughput(), 1.0));
			});
			load.comparison("blocking-virtual").ifPresent((virtual) -> {
				targets.add(atLeast("Blocking 10 ms with 256 workers on virtual threads ≥ 0.9 × 256 / 10 ms",
						virtual.ratio("ideal").medianThroughput(), 0.9));
				targets
					.add(atLeast("Blocking 10 ms with 256 workers on virtual threads ≥ Spring MVC on virtual threads",
							virtual.ratio("tomcat-virtual").medianThroughput(), 1.0));
			});
			NamedPoolsResult namedPools = load.namedPools();
			if (namedPools != null) {
				NamedPoolsSystem named = namedPools.system("named");
				targets.add(new Target(
						"Named pools: fast route p99 beside a saturated slow route ≤ 1.2 × alone, no unsuccessful "
								+ "fast request",
						String.format(Locale.ROOT, "%s, %,d unsuccessful", Numbers.ratio(named.medianP99Ratio()),
								named.fastUnsuccessfulLoaded()),
						named.medianP99Ratio() <= 1.2 && named.fastUnsuccessfulLoaded() == 0));
			}
			load.comparison("reboot-cost")
				.ifPresent(
						(rebootCost) -> targets.add(atLeast("`always` ≥ 0.8 × `on_exception` throughput on hello world",
								rebootCost.ratio("on_exception").medianThroughput(), 0.8)));
			OverloadResult overload = load.overload();
			if (overload != null) {
				targets.add(new Target("Overload: no failed request, every 503 carries Retry-After",
						String.format(Locale.ROOT, "%d failed, %,d of %,d 503s with Retry-After", overload.failed(),
								overload.retryAfter(), overload.unavailable()),
						overload.failed() == 0 && overload.retryAfter() == overload.unavailable()));
			}
			RollingResetResult reset = load.rollingReset();
			if (reset != null) {
				targets
					.add(new Target("Rolling reset under load: zero failed requests",
							String.format(Locale.ROOT, "%d of %,d requests failed during %d resets",
									reset.unsuccessful(), reset.requests(), reset.resets()),
							reset.unsuccessful() == 0 && reset.resets() > 0));
			}
			WebSocketResult websocket = load.websocket();
			if (websocket != null) {
				targets.add(atLeast("WebSocket: echo round trips with worker listeners ≥ 0.9 × a plain WebFlux "
						+ "WebSocketHandler", websocket.echo().medianThroughput(), 0.9));
				double kilobytes = websocket.subject().median(WebSocketRound::bytesPerConnection) / 1024;
				targets.add(new Target("WebSocket: memory per idle connection with worker listeners ≤ 30 KB",
						Numbers.compact(kilobytes) + " KB", kilobytes <= 30));
			}
		}
		if (micro != null) {
			find(micro, ACQUIRE_RELEASE).ifPresent((result) -> targets
				.add(atMostNanos("A job's round trip through `WorkerPool.run` (`pool.acquireRelease`) ≤ 100 ns (JMH)",
						result, 100)));
			find(micro, PROXY_CALL)
				.ifPresent((result) -> targets.add(atMostNanos("Worker-scoped proxy call ≤ 15 ns (JMH)", result, 15)));
			find(micro, KERNEL_REBOOT).ifPresent((result) -> targets
				.add(atMostNanos("Kernel reboot with 10 worker-scoped beans ≤ 1 ms (JMH)", result, 1_000_000)));
			find(micro, WORKER_TASKS).flatMap((tasks) -> find(micro, SPRING_ASYNC).map((async) -> faster(tasks, async)))
				.ifPresent(targets::add);
		}
		return targets;
	}

	private static Optional<MicroResult> find(List<MicroResult> micro, String benchmark) {
		return micro.stream().filter((result) -> result.benchmark().equals(benchmark)).findFirst();
	}

	private static Target faster(MicroResult tasks, MicroResult async) {
		double ratio = tasks.score() / async.score();
		return new Target("Small tasks: `tasks.workerTasks` ≥ `tasks.springAsync` throughput (JMH)",
				String.format(Locale.ROOT, "%s (%s vs %s %s)", Numbers.ratio(ratio), Numbers.compact(tasks.score()),
						Numbers.compact(async.score()), tasks.unit()),
				ratio >= 1.0);
	}

	private static Target atLeast(String target, double ratio, double threshold) {
		return new Target(target, Numbers.ratio(ratio), ratio >= threshold);
	}

	private static Target atMost(String target, double ratio, double threshold) {
		return new Target(target, Numbers.ratio(ratio), ratio <= threshold);
	}

	private static Target atMostNanos(String target, MicroResult result, double thresholdNanos) {
		double nanosPerUnit = switch (result.unit()) {
			case "ns/op" -> 1;
			case "us/op" -> 1_000;
			case "ms/op" -> 1_000_000;
			default -> throw new IllegalArgumentException("Unexpected JMH unit " + result.unit());
		};
		return new Target(target, Numbers.compact(result.score()) + " " + result.unit(),
				result.score() * nanosPerUnit <= thresholdNanos);
	}

}
