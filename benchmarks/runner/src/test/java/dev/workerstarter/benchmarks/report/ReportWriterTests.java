package dev.workerstarter.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.workerstarter.benchmarks.load.Comparison;
import dev.workerstarter.benchmarks.load.ComparisonResult;
import dev.workerstarter.benchmarks.load.LoadResult;
import dev.workerstarter.benchmarks.load.LoadResults;
import dev.workerstarter.benchmarks.load.NamedPoolsResult;
import dev.workerstarter.benchmarks.load.NamedPoolsRound;
import dev.workerstarter.benchmarks.load.NamedPoolsSystem;
import dev.workerstarter.benchmarks.load.OverloadResult;
import dev.workerstarter.benchmarks.load.OverloadRound;
import dev.workerstarter.benchmarks.load.Ratio;
import dev.workerstarter.benchmarks.load.RollingResetResult;
import dev.workerstarter.benchmarks.load.RollingResetRound;
import dev.workerstarter.benchmarks.load.ServerMemory;
import dev.workerstarter.benchmarks.load.SystemResult;
import dev.workerstarter.benchmarks.load.SystemSpec;
import dev.workerstarter.benchmarks.load.WebSocketResult;
import dev.workerstarter.benchmarks.load.WebSocketRound;
import dev.workerstarter.benchmarks.load.WebSocketSystem;
import dev.workerstarter.benchmarks.micro.MicroResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated report, from made-up figures: the sections, the ideal column, the bytes
 * allocated per request and the targets.
 */
class ReportWriterTests {

	@TempDir
	Path dir;

	@Test
	void writesTheNamedPoolsSectionItsChartAndItsTarget() throws IOException {
		String md = write(namedPools(1.05, 0));
		assertThat(md).contains("## Named pools: a fast route beside a saturated slow route")
			.contains("| Named pool for /slow/** | 20,000 | 20,000 | 0.50 | 0.50 | 10.0 | 10.5 | **1.050** | 1.050 "
					+ "| 0 / 0 |")
			.contains("| One shared pool | 20,000 | 20,000 | 0.50 | 0.50 | 10.0 | 100 | **10.000** | 10.000 | 0 / 0 |")
			.contains("the fast route's p99 with one shared pool is **9.524** × its p99 with the named pool")
			.contains("| Named pool for /slow/** | 4 | 80.0 | 1.000 | 100 | 0 | 0.900 |")
			.contains("| Named pools: fast route p99 beside a saturated slow route ≤ 1.2 × alone, no unsuccessful "
					+ "fast request | 1.050, 0 unsuccessful | yes |");
		assertThat(this.dir.resolve("benchmarks").resolve(NamedPoolsSection.CHART)).exists();
	}

	@Test
	void anUnsuccessfulFastRequestMissesTheNamedPoolsTarget() throws IOException {
		assertThat(write(namedPools(1.05, 2))).contains("| 1.050, 2 unsuccessful | **no** |");
	}

	@Test
	void aComparisonWithAnIdealShowsEachSystemsShareOfIt() throws IOException {
		String md = write(namedPools(1.0, 0));
		assertThat(md).contains("| System | Median req/s | of ideal | p50 ms | p99 ms | Failed | Server CPU |")
			.contains("| Workers, virtual threads | 12,800 | 0.500 | 20.0 | 30.0 | 0 | 0.900 |")
			.contains("| Blocking 10 ms with 256 workers on virtual threads ≥ 0.9 × 256 / 10 ms | 0.500 | **no** |")
			.contains("| Blocking 10 ms with 256 workers on virtual threads ≥ Spring MVC on virtual threads | 1.000 "
					+ "| yes |");
	}

	@Test
	void writesTheWebSocketSectionItsChartsAndItsTargets() throws IOException {
		String md = write(namedPools(1.0, 0));
		assertThat(md).contains("## WebSocket: echo, fan-out and memory per idle connection")
			.contains(
					"| Worker listeners | 9,500 | 0.50 | 2.00 | 0 | 0.900 | 0.800 | 50,000 | 10.0 | 12.0 | 0.900 | 20.0 "
							+ "| 0.00 | **20.0** |")
			.contains("| Plain WebFlux | 10,000 | 0.50 | 2.00 | 0 | 0.900 | 0.800 | 100,000 | 10.0 | 12.0 | 0.900 "
					+ "| 10.0 | 0.00 | **10.0** |")
			.contains("| Echo round trips per second | **0.950** | 0.950 |")
			.contains("| Echo round trips per server CPU second | **0.950** | 0.950 |")
			.contains("| Fan-out deliveries per second | **0.500** | 0.500 |")
			.contains("| Memory per idle connection (lower is better) | **2.000** | 2.000 |")
			.contains("| WebSocket: echo round trips with worker listeners ≥ 0.9 × a plain WebFlux WebSocketHandler "
					+ "| 0.950 | yes |")
			.contains("| WebSocket: memory per idle connection with worker listeners ≤ 30 KB | 20.0 KB | yes |");
		assertThat(this.dir.resolve("benchmarks").resolve(WebSocketSection.ECHO_CHART)).exists();
		assertThat(this.dir.resolve("benchmarks").resolve(WebSocketSection.MEMORY_CHART)).exists();
	}

	@Test
	void slowEchoAndMuchMemoryPerConnectionMissTheWebSocketTargets() throws IOException {
		String md = write(new LoadResults(List.of(), null, null, null, websocket(0.5, 40 * 1024)));
		assertThat(md).contains("| 0.500 | **no** |").contains("| 40.0 KB | **no** |");
	}

	@Test
	void aRunOfOneScenarioReportsItAlone() throws IOException {
		String md = write(new LoadResults(List.of(), null, null, null, websocket(1.0, 1024)));
		assertThat(md).contains("## WebSocket")
			.doesNotContain("## Hello world")
			.doesNotContain("## Named pools")
			.doesNotContain("## Overload")
			.doesNotContain("## Rolling reset")
			.doesNotContain("Hello world with workers ≥");
	}

	@Test
	void theHelloWorldAndBlockingTargetsAreTheIssues() throws IOException {
		String md = write(namedPools(1.0, 0));
		assertThat(md).contains("| Hello world with workers ≥ 0.98 × plain WebFlux throughput | 1.000 | yes |")
			.contains("| Hello world with workers p99 ≤ 1.05 × plain WebFlux p99 | 1.000 | yes |")
			.contains("| Hello world with workers ≥ resilience4j bulkhead throughput | 1.000 | yes |")
			.contains("| Blocking 10 ms with N workers on platform threads ≥ 0.95 × N / 10 ms | 0.500 | **no** |")
			.contains("| Blocking 10 ms with N workers on platform threads ≥ Tomcat with N threads | 1.000 | yes |");
	}

	@Test
	void helloWorldBelow98PercentOfPlainOrWithAP99Above105PercentMissesItsTargets() throws IOException {
		ComparisonResult hello = comparison("hello", null, "webflux", "resilience4j");
		List<Ratio> ratios = List.of(new Ratio("webflux", "Plain WebFlux", List.of(0.97), List.of(1.06)),
				hello.ratios().get(1));
		String md = write(new LoadResults(List.of(new ComparisonResult(hello.scenario(), hello.systems(), ratios)),
				null, null, null, null));
		assertThat(md).contains("| Hello world with workers ≥ 0.98 × plain WebFlux throughput | 0.970 | **no** |")
			.contains("| Hello world with workers p99 ≤ 1.05 × plain WebFlux p99 | 1.060 | **no** |");
	}

	@Test
	void theMicroBenchmarkTargetsAreTheIssues() throws IOException {
		String md = write(null,
				List.of(micro("pool.acquireRelease", 99, "ns/op"), micro("scopedProxy.call", 16, "ns/op"),
						micro("kernel.reboot", 500, "us/op"), micro("tasks.workerTasks", 2_000_000, "ops/s"),
						micro("tasks.springAsync", 1_000_000, "ops/s")));
		assertThat(md)
			.contains("| A job's round trip through `WorkerPool.run` (`pool.acquireRelease`) ≤ 100 ns (JMH) "
					+ "| 99.0 ns/op | yes |")
			.contains("| Worker-scoped proxy call ≤ 15 ns (JMH) | 16.0 ns/op | **no** |")
			.contains("| Kernel reboot with 10 worker-scoped beans ≤ 1 ms (JMH) | 500 us/op | yes |")
			.contains("| Small tasks: `tasks.workerTasks` ≥ `tasks.springAsync` throughput (JMH) "
					+ "| 2.000 (2,000,000 vs 1,000,000 ops/s) | yes |");
	}

	@Test
	void aTargetWithoutItsFiguresIsNotListed() throws IOException {
		String md = write(null, List.of(micro("tasks.workerTasks", 900_000, "ops/s")));
		String targets = md.substring(md.indexOf("## Targets"), md.indexOf("## Machine and method"));
		assertThat(targets).doesNotContain("Small tasks").doesNotContain("(JMH) |");
	}

	@Test
	void theMethodsAndTheSectionsTellTheRunsRounds() throws IOException {
		assertThat(write(namedPools(1.0, 0))).contains("and is measured in 6 interleaved rounds of 8 s")
			.contains("In each of 6 rounds every system measures the fast route alone for 8 s")
			.contains("In each of 6 rounds every system, in an order reversed every round");
	}

	@Test
	void overloadAndRollingResetAreMeasuredInRoundsAndTheirTargetsCountEveryRound() throws IOException {
		LoadResult clean = new LoadResult(1_100, 1_000, 100, 100, 0, 8, 5, 8, 10, 20, 0.9, Double.NaN);
		LoadResult failing = new LoadResult(1_102, 1_000, 100, 99, 1, 8, 5, 8, 10, 20, 0.9, Double.NaN);
		OverloadResult overload = new OverloadResult(8, 16, 72, 800,
				List.of(new OverloadRound(clean, 20), new OverloadRound(failing, 30)));
		LoadResult served = load(1_000, 50, 60);
		RollingResetResult reset = new RollingResetResult(8, 16, List
			.of(new RollingResetRound(List.of(500L, 520L), served), new RollingResetRound(List.of(510L), failing)));
		String md = write(new LoadResults(List.of(), null, overload, reset, null));
		assertThat(md).contains("loaded by 72 connections (3 × (workers + queue)) for 8 s in each of 2 rounds")
			.contains("| 1 | 1,000 | 125 | 0.156 | 100 | 100 | 0 | 5.00 | 10.0 | 20.0 |")
			.contains("| 2 | 1,000 | 125 | 0.156 | 100 | 99 | 3 | 5.00 | 10.0 | 30.0 |")
			.contains("| Overload: no failed request, every 503 carries Retry-After | 3 failed, 199 of 200 503s with "
					+ "Retry-After | **no** |")
			.contains("for 8 s in each of 2 rounds; each round's load starts a second before the resets")
			.contains("| 1 | 2 | 510 | 1,000 | 0 | 50.0 | 60.0 | 60.0 |")
			.contains("| 2 | 1 | 510 | 1,102 | 103 | 5.00 | 10.0 | 20.0 |")
			.contains("| Rolling reset under load: zero failed requests | 103 of 2,102 requests failed during 3 resets "
					+ "| **no** |");
	}

	@Test
	void aComparisonWithAllocationFiguresShowsTheBytesPerRequestAgainstPlainWebFlux() throws IOException {
		ComparisonResult hello = comparison("hello", null, "webflux", "resilience4j", "tomcat");
		double[] bytesPerRequest = { 21_300, 20_100, 20_500, Double.NaN };
		List<SystemResult> systems = new ArrayList<>();
		for (int i = 0; i < bytesPerRequest.length; i++) {
			SystemResult system = hello.systems().get(i);
			LoadResult round = system.rounds().get(0);
			systems.add(new SystemResult(system.id(), system.label(),
					List.of(round.withServerAllocation(round.requests() * bytesPerRequest[i]))));
		}
		String md = write(new LoadResults(List.of(new ComparisonResult(hello.scenario(), systems, hello.ratios())),
				null, null, null, null));
		assertThat(md).contains("Bytes allocated per request (all threads, median of the rounds):")
			.contains("| WebFlux with workers | 21,300 | +1,200 | 21,300 |")
			.contains("| webflux | 20,100 | +0 | 20,100 |")
			.contains("| resilience4j | 20,500 | +400 | 20,500 |")
			.contains("| tomcat | – | – | – |");
	}

	@Test
	void aComparisonWithoutAllocationFiguresHasNoAllocationTable() throws IOException {
		assertThat(write(namedPools(1.0, 0))).doesNotContain("Bytes allocated per request");
	}

	private String write(NamedPoolsResult namedPools) throws IOException {
		LoadResult overload = load(1_000, 0.5, 60);
		LoadResults load = new LoadResults(
				List.of(comparison("hello", null, "webflux", "resilience4j"), comparison("blocking", 1_600.0, "tomcat"),
						comparison("blocking-virtual", 25_600.0, "platform", "tomcat-virtual"),
						comparison("reboot-cost", null, "on_exception")),
				namedPools, new OverloadResult(8, 16, 72, 800, List.of(new OverloadRound(overload, 20))),
				new RollingResetResult(8, 16, List.of(new RollingResetRound(List.of(500L), overload))),
				websocket(0.95, 20 * 1024));
		return write(load);
	}

	private String write(LoadResults load) throws IOException {
		return write(load, null);
	}

	private String write(LoadResults load, List<MicroResult> micro) throws IOException {
		RunSettings settings = new RunSettings("benchmarks/run", "full", "2026-12-01T00:00:00Z", 20, 6, 8, 45,
				List.of("-Xmx1g"));
		Machine machine = new Machine("CPU", 2, "1 GiB", "Linux", "JDK 17", "wrk", "pinned", "Temurin-25");
		return Files.readString(new ReportWriter(this.dir).write(BenchmarkReport.of(machine, settings, load, micro)));
	}

	private static MicroResult micro(String benchmark, double score, String unit) {
		return new MicroResult(benchmark, "A benchmark.", score, score / 100, unit);
	}

	// The worker listeners at a share of the plain handler's echo round trips, half its
	// fan-out deliveries, and a given memory per idle connection against 10 KB.
	private static WebSocketResult websocket(double echoRatio, long bytesPerConnection) {
		WebSocketSystem workers = new WebSocketSystem("workers", "Worker listeners", "/ws",
				List.of(websocketRound(10_000 * echoRatio, 5, bytesPerConnection)));
		WebSocketSystem plain = new WebSocketSystem("webflux", "Plain WebFlux", "/plain-ws",
				List.of(websocketRound(10_000, 10, 10 * 1024)));
		return new WebSocketResult(1_000, 32, List.of(workers, plain));
	}

	private static WebSocketRound websocketRound(double roundTrips, long fanouts, long bytesPerConnection) {
		ServerMemory empty = new ServerMemory(50_000_000, 1_000_000, 0);
		ServerMemory idle = new ServerMemory(50_000_000 + 1_000 * bytesPerConnection, 1_000_000, 1_000);
		LoadResult echo = new LoadResult((long) roundTrips, (long) roundTrips, 0, 0, 0, 1, 0.5, 1, 2, 3, 0.9,
				Double.NaN);
		LoadResult fanout = new LoadResult(fanouts * 10, fanouts * 10, 0, 0, 0, 1, 10, 11, 12, 13, 0.9, Double.NaN);
		return new WebSocketRound(1_000, empty, idle, echo, 0.8, fanout);
	}

	private static NamedPoolsResult namedPools(double namedRatio, long fastErrors) {
		return new NamedPoolsResult(16, 4, 8, 20, 50, 16, 64, 20,
				List.of(new NamedPoolsSystem("named", "Named pool for /slow/**", 4,
						List.of(round(10, 10 * namedRatio, fastErrors, 80))),
						new NamedPoolsSystem("shared", "One shared pool", 20, List.of(round(10, 100, 0, 400)))));
	}

	private static NamedPoolsRound round(double aloneP99, double loadedP99, long errors, long slowServed) {
		LoadResult alone = new LoadResult(20_000, 20_000, 0, 0, 0, 1, 0.5, 1, aloneP99, 50, 0.9, Double.NaN);
		LoadResult loaded = new LoadResult(20_000 + errors, 20_000, 0, 0, 0, 1, 0.5, 1, loadedP99, 50, 0.9, Double.NaN);
		LoadResult slow = new LoadResult(slowServed + 100, slowServed, 100, 100, 0, 1, 60, 70, 80, 90, Double.NaN,
				Double.NaN);
		return new NamedPoolsRound(alone, loaded, slow);
	}

	// One round per system; the subject does half the ideal (when there is one) and as
	// well as every baseline.
	private static ComparisonResult comparison(String id, Double ideal, String... baselines) {
		double throughput = (ideal != null) ? ideal / 2 : 10_000;
		SystemSpec subject = SystemSpec.workers(id.equals("blocking-virtual") ? "virtual" : "workers",
				id.equals("blocking-virtual") ? "Workers, virtual threads" : "WebFlux with workers", 16);
		List<SystemSpec> specs = new ArrayList<>();
		List<SystemResult> systems = new ArrayList<>(List.of(system(subject, throughput)));
		List<Ratio> ratios = new ArrayList<>();
		for (String baseline : baselines) {
			SystemSpec spec = SystemSpec.workers(baseline, baseline, 16);
			specs.add(spec);
			systems.add(system(spec, throughput));
			ratios.add(new Ratio(baseline, baseline, List.of(1.0), List.of(1.0)));
		}
		if (ideal != null) {
			ratios.add(new Ratio("ideal", "Ideal", List.of(0.5), List.of()));
		}
		Comparison scenario = new Comparison(id, id, "A scenario.", "/path", 32, subject, specs, ideal);
		return new ComparisonResult(scenario, systems, ratios);
	}

	private static SystemResult system(SystemSpec spec, double throughput) {
		return new SystemResult(spec.id(), spec.label(), List.of(load((long) throughput, 20, 30)));
	}

	private static LoadResult load(long ok, double p50, double p99) {
		return new LoadResult(ok, ok, 0, 0, 0, 1, p50, p50, p99, p99, 0.9, Double.NaN);
	}

}
