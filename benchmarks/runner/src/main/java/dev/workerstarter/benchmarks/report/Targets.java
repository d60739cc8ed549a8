package dev.workerstarter.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.workerstarter.benchmarks.load.LoadResults;
import dev.workerstarter.benchmarks.load.NamedPoolsSystem;
import dev.workerstarter.benchmarks.load.OverloadResult;
import dev.workerstarter.benchmarks.load.Ratio;
import dev.workerstarter.benchmarks.load.RollingResetResult;
import dev.workerstarter.benchmarks.micro.MicroResult;

/**
 * The project's performance targets, checked against a run's figures.
 */
final class Targets {

	private static final String PROXY_CALL = "scopedProxy.call";

	private static final String KERNEL_REBOOT = "kernel.reboot";

	private Targets() {
	}

	static List<Target> evaluate(LoadResults load, List<MicroResult> micro) {
		List<Target> targets = new ArrayList<>();
		if (load != null) {
			Ratio plain = load.comparison("hello").ratio("webflux");
			targets.add(atLeast("Hello world with workers ≥ 0.95 × plain WebFlux throughput", plain.medianThroughput(),
					0.95));
			targets.add(atMost("Hello world with workers p99 ≤ 1.1 × plain WebFlux p99", plain.medianP99(), 1.1));
			targets.add(atLeast("Hello world with workers ≥ resilience4j bulkhead throughput",
					load.comparison("hello").ratio("resilience4j").medianThroughput(), 1.0));
			targets.add(atLeast("Blocking 10 ms with N workers ≥ 0.9 × N / 10 ms",
					load.comparison("blocking").ratio("ideal").medianThroughput(), 0.9));
			targets.add(atLeast("Blocking 10 ms with N workers ≥ Tomcat with N threads",
					load.comparison("blocking").ratio("tomcat").medianThroughput(), 1.0));
			Ratio virtualIdeal = load.comparison("blocking-virtual").ratio("ideal");
			targets.add(atLeast("Blocking 10 ms with 256 workers on virtual threads ≥ 0.9 × 256 / 10 ms",
					virtualIdeal.medianThroughput(), 0.9));
			targets.add(atLeast("Blocking 10 ms with 256 workers on virtual threads ≥ Spring MVC on virtual threads",
					load.comparison("blocking-virtual").ratio("tomcat-virtual").medianThroughput(), 1.0));
			NamedPoolsSystem named = load.namedPools().system("named");
			targets.add(new Target(
					"Named pools: fast route p99 beside a saturated slow route ≤ 1.2 × alone, no unsuccessful fast "
							+ "request",
					String.format(Locale.ROOT, "%s, %,d unsuccessful", Numbers.ratio(named.medianP99Ratio()),
							named.fastUnsuccessfulLoaded()),
					named.medianP99Ratio() <= 1.2 && named.fastUnsuccessfulLoaded() == 0));
			targets.add(atLeast("`always` ≥ 0.8 × `on_exception` throughput on hello world",
					load.comparison("reboot-cost").ratio("on_exception").medianThroughput(), 0.8));
			OverloadResult overload = load.overload();
			targets.add(new Target("Overload: no failed request, every 503 carries Retry-After",
					String.format(Locale.ROOT, "%d failed, %,d of %,d 503s with Retry-After", overload.load().failed(),
							overload.load().retryAfter(), overload.load().unavailable()),
					overload.load().failed() == 0 && overload.load().retryAfter() == overload.load().unavailable()));
			RollingResetResult reset = load.rollingReset();
			targets.add(new Target("Rolling reset under load: zero failed requests",
					String.format(Locale.ROOT, "%d of %,d requests failed during %d resets",
							reset.load().unsuccessful(), reset.load().requests(), reset.resetMillis().size()),
					reset.load().unsuccessful() == 0 && !reset.resetMillis().isEmpty()));
		}
		if (micro != null) {
			micro.stream()
				.filter((result) -> result.benchmark().equals(PROXY_CALL))
				.findFirst()
				.ifPresent((result) -> targets.add(atMostNanos("Worker-scoped proxy call ≤ 50 ns (JMH)", result, 50)));
			micro.stream()
				.filter((result) -> result.benchmark().equals(KERNEL_REBOOT))
				.findFirst()
				.ifPresent((result) -> targets
					.add(atMostNanos("Kernel reboot with 10 worker-scoped beans ≤ 1 ms (JMH)", result, 1_000_000)));
		}
		return targets;
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
