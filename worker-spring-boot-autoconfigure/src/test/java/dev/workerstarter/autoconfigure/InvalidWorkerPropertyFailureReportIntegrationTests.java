package dev.workerstarter.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A real start with a bad value in a profile's configuration file: the report Spring Boot
 * prints is the starter's analysis, with where the value was set and how to fix it, not
 * Boot's generic analysis of an invalid configuration property.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidWorkerPropertyFailureReportIntegrationTests {

	private static final Pattern REPORT = Pattern.compile(
			"APPLICATION FAILED TO START\\R\\*+\\R\\RDescription:\\R\\R(.*?)\\R\\RAction:\\R\\R(.*?)\\R",
			Pattern.DOTALL);

	@Test
	void reportsTheFileAndLineOfTheValueAndTheFix(CapturedOutput output) {
		start(WebApplicationType.REACTIVE, "--spring.profiles.active=invalid-pool", "--server.port=0");
		Report report = report(output);
		assertThat(report.description()).isEqualTo("Invalid value '-1' for property 'worker.pool.size' (originating "
				+ "from 'class path resource [application-invalid-pool.properties] - 3:18'): a pool needs at least "
				+ "one worker");
		assertThat(report.action())
			.isEqualTo("Set worker.pool.size to 1 or more, or remove it to get twice the number of processors.");
		assertThat(output).doesNotContain("Review the value of the property");
	}

	@Test
	void reportsTheSourceThatWinsAndTheOthersThatSetTheProperty(CapturedOutput output) {
		start(WebApplicationType.REACTIVE, "--spring.profiles.active=invalid-pool", "--server.port=0",
				"--worker.pool.size=0");
		Report report = report(output);
		assertThat(report.description()).startsWith("Invalid value '0' for property 'worker.pool.size' (originating "
				+ "from '\"worker.pool.size\" from property source \"commandLineArgs\"'): a pool needs at least one "
				+ "worker")
			.contains("Additionally, this property is also set in the following property source:")
			.contains("with the value '-1' (originating from 'class path resource "
					+ "[application-invalid-pool.properties] - 3:18')");
		assertThat(report.action()).startsWith("Set worker.pool.size to 1 or more");
	}

	@Test
	void reportsTheLineOfAnEntryOfAYamlList(CapturedOutput output) {
		start(WebApplicationType.NONE, "--spring.profiles.active=invalid-metric");
		Report report = report(output);
		assertThat(report.description()).isEqualTo("Invalid value '2nd' for property "
				+ "'worker.metrics.collect.jobs.labels[1]' (originating from 'class path resource "
				+ "[application-invalid-metric.yml] - 7:26'): it is not a valid Prometheus label name");
		assertThat(report.action()).startsWith("Name the label with letters, digits and underscores");
	}

	private static void start(WebApplicationType type, String... args) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(FailingApplication.class).web(type);
		assertThatException().isThrownBy(() -> builder.run(args));
	}

	private static Report report(CapturedOutput output) {
		Matcher matcher = REPORT.matcher(output.toString());
		assertThat(matcher.find()).as("a failure report in %s", output).isTrue();
		return new Report(matcher.group(1).strip(), matcher.group(2).strip());
	}

	private record Report(String description, String action) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailingApplication {

	}

}
