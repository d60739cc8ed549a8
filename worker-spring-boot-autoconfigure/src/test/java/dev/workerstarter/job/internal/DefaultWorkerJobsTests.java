package dev.workerstarter.job.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.job.JobOptions;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultWorkerJobsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final InMemoryJobDriver memory = new InMemoryJobDriver("mail", 10, Clock.systemUTC());

	@Test
	void aPushWritesThePayloadAsTheFirstAttemptDueAfterItsDelay() {
		DefaultWorkerJobs jobs = jobs(this.memory);
		long before = System.currentTimeMillis();
		String id = jobs.push("mail", new Mail("ada", 3), JobOptions.delayed(Duration.ofHours(1)).withPriority(7))
			.block(TIMEOUT);
		assertThat(this.memory.stats().block(TIMEOUT).delayed()).isOne();
		String other = jobs.push("mail", "now").block(TIMEOUT);
		JobDriver.QueuedJob job = this.memory.take(5, Duration.ZERO).block(TIMEOUT).get(0).job();
		assertThat(job.id()).isEqualTo(other).isNotEqualTo(id);
		assertThat(job.payload()).isEqualTo("\"now\"");
		assertThat(job.attempt()).isOne();
		assertThat(job.pushedAtMillis()).isBetween(before, System.currentTimeMillis());
		assertThat(job.notBeforeMillis()).isEqualTo(job.pushedAtMillis());
	}

	@Test
	void aPriorityOnADriverThatDoesNotOrderByPriorityFailsNamingThePipeline() {
		DefaultWorkerJobs jobs = jobs(new Unordered(this.memory));
		StepVerifier.create(jobs.push("mail", "x", JobOptions.NONE.withPriority(1)))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mail'"))
			.verify(TIMEOUT);
		assertThat(this.memory.stats().block(TIMEOUT).waiting()).isZero();
		StepVerifier.create(jobs.push("mail", "x")).expectNextCount(1).expectComplete().verify(TIMEOUT);
	}

	@Test
	void nothingIsPushedUntilSubscribed() {
		jobs(this.memory).push("mail", "x");
		assertThat(this.memory.stats().block(TIMEOUT).waiting()).isZero();
	}

	private static DefaultWorkerJobs jobs(JobDriver driver) {
		JobPipeline pipeline = new JobPipeline(
				new PipelineSettings("mail", "memory", 1, 3, new RetryBackoff(Duration.ZERO, Duration.ZERO, 1, 0),
						Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(1), true),
				driver, null, (message) -> {
				}, JsonMapper.builder().build(), JobMeters.NONE, Clock.systemUTC());
		return new DefaultWorkerJobs(new JobPipelines(List.of(pipeline)), JsonMapper.builder().build(), JobMeters.NONE,
				Clock.systemUTC());
	}

	record Mail(String to, int times) {
	}

	// A driver as Redis is: no priorities.
	private static final class Unordered extends ForwardingJobDriver {

		Unordered(JobDriver delegate) {
			super(delegate);
		}

		@Override
		public boolean ordersByPriority() {
			return false;
		}

	}

}
