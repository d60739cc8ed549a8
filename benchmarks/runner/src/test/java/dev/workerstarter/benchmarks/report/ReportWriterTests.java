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
import dev.workerstarter.benchmarks.load.Ratio;
import dev.workerstarter.benchmarks.load.RollingResetResult;
import dev.workerstarter.benchmarks.load.SystemResult;
import dev.workerstarter.benchmarks.load.SystemSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated report, from made-up figures: the named-pools section, the ideal column
 * and the targets of the new scenarios.
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

	private String write(NamedPoolsResult namedPools) throws IOException {
		LoadResult overload = load(1_000, 0.5, 60);
		LoadResults load = new LoadResults(
				List.of(comparison("hello", null, "webflux", "resilience4j"), comparison("blocking", 1_600.0, "tomcat"),
						comparison("blocking-virtual", 25_600.0, "platform", "tomcat-virtual"),
						comparison("reboot-cost", null, "on_exception")),
				namedPools, new OverloadResult(8, 16, 72, 800, overload, 20),
				new RollingResetResult(8, 16, List.of(500L), overload));
		RunSettings settings = new RunSettings("benchmarks/run", "full", "2026-12-01T00:00:00Z", 20, 1, 8, 45,
				List.of("-Xmx1g"));
		Machine machine = new Machine("CPU", 2, "1 GiB", "Linux", "JDK 17", "wrk", "pinned", "Temurin-25");
		return Files.readString(new ReportWriter(this.dir).write(BenchmarkReport.of(machine, settings, load, null)));
	}

	private static NamedPoolsResult namedPools(double namedRatio, long fastErrors) {
		return new NamedPoolsResult(16, 4, 8, 20, 50, 16, 64, 20,
				List.of(new NamedPoolsSystem("named", "Named pool for /slow/**", 4,
						List.of(round(10, 10 * namedRatio, fastErrors, 80))),
						new NamedPoolsSystem("shared", "One shared pool", 20, List.of(round(10, 100, 0, 400)))));
	}

	private static NamedPoolsRound round(double aloneP99, double loadedP99, long errors, long slowServed) {
		LoadResult alone = new LoadResult(20_000, 20_000, 0, 0, 0, 1, 0.5, 1, aloneP99, 50, 0.9);
		LoadResult loaded = new LoadResult(20_000 + errors, 20_000, 0, 0, 0, 1, 0.5, 1, loadedP99, 50, 0.9);
		LoadResult slow = new LoadResult(slowServed + 100, slowServed, 100, 100, 0, 1, 60, 70, 80, 90, Double.NaN);
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
		return new LoadResult(ok, ok, 0, 0, 0, 1, p50, p50, p99, p99, 0.9);
	}

}
