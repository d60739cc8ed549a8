package dev.workerstarter.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.JobListener;
import dev.workerstarter.job.JobMessage;
import dev.workerstarter.job.WorkerJobs;
import dev.workerstarter.job.internal.InMemoryJobDriver;
import dev.workerstarter.job.internal.JobPipeline;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.job.internal.PipelineState;
import dev.workerstarter.job.internal.RedisJobDriver;
import dev.workerstarter.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerJobsAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerJobsAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=2");

	private final ReactiveWebApplicationContextRunner mail = this.runner.withUserConfiguration(Handlers.class)
		.withPropertyValues("worker.jobs.pipelines.mail.handler=mailHandler");

	@Test
	void withoutPipelinesPushesNowhere() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WorkerJobs.class).hasSingleBean(JobPipelines.class);
			assertThat(context.getBean(JobPipelines.class).all()).isEmpty();
		});
	}

	@Test
	void isOffWithoutTheWorkerPools() {
		this.mail.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WorkerJobs.class)
				.doesNotHaveBean(JobPipelines.class));
	}

	@Test
	void isOffWithoutJackson() {
		this.mail.withClassLoader(new FilteredClassLoader("tools.jackson.databind"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerJobs.class));
	}

	@Test
	void aPipelineTakesItsDefaultsFromItsPool() {
		this.mail.withPropertyValues("worker.pools.mailers.size=3", "worker.tasks.pool=mailers").run((context) -> {
			assertThat(context).hasNotFailed();
			JobPipeline pipeline = context.getBean(JobPipelines.class).get("mail");
			assertThat(pipeline.driver()).isInstanceOf(InMemoryJobDriver.class);
			assertThat(pipeline.pool().name()).isEqualTo("mailers");
			assertThat(pipeline.settings().concurrency()).isEqualTo(3);
			assertThat(pipeline.settings().maxAttempts()).isEqualTo(3);
			assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
		});
	}

	@Test
	void aPausedPipelineStartsPaused() {
		this.mail.withPropertyValues("worker.jobs.pipelines.mail.paused=true")
			.run((context) -> assertThat(context.getBean(JobPipelines.class).get("mail").state())
				.isEqualTo(PipelineState.PAUSED));
	}

	@Test
	void aUserWorkerJobsBeanReplacesTheDefault() {
		this.mail.withBean("userJobs", WorkerJobs.class, () -> (pipeline, payload, options) -> null)
			.run((context) -> assertThat(context.getBean(WorkerJobs.class)).isSameAs(context.getBean("userJobs")));
	}

	@Test
	void anAnnotatedHandlerServesAPipelineWithoutAHandlerKey() {
		this.runner.withUserConfiguration(Annotated.class)
			.withPropertyValues("worker.jobs.pipelines.annotated.driver=memory")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aPipelineWithoutAHandlerStopsStartUpNamingTheKey() {
		this.runner.withPropertyValues("worker.jobs.pipelines.mail.driver=memory")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.jobs.pipelines.mail.handler"));
	}

	@Test
	void aPipelineWithAHandlerKeyAndAnAnnotatedHandlerStopsStartUpNamingTheKey() {
		this.runner.withUserConfiguration(Handlers.class, Annotated.class)
			.withPropertyValues("worker.jobs.pipelines.annotated.handler=mailHandler")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.jobs.pipelines.annotated.handler"));
	}

	@Test
	void aPipelineWithTwoAnnotatedHandlersStopsStartUpNamingTheKey() {
		this.runner.withUserConfiguration(Annotated.class, AnnotatedTwice.class)
			.withPropertyValues("worker.jobs.pipelines.annotated.driver=memory")
			.run((context) -> {
				WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.jobs.pipelines.annotated.handler");
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("two handlers");
			});
	}

	@Test
	void anAnnotatedHandlerOfAnUnknownPipelineStopsStartUpNamingTheKey() {
		this.mail.withUserConfiguration(Annotated.class)
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.jobs.pipelines.annotated"));
	}

	@ParameterizedTest
	@CsvSource({ "noSuchBean", "notAHandler" })
	void aHandlerKeyThatNamesNoJobHandlerStopsStartUpNamingTheKey(String handler) {
		this.mail.withPropertyValues("worker.jobs.pipelines.mail.handler=" + handler)
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.jobs.pipelines.mail.handler"));
	}

	@ParameterizedTest
	@CsvSource({ "worker.jobs.pipelines.mail.pool=nope, worker.jobs.pipelines.mail.pool",
			"worker.tasks.pool=nope, worker.jobs.pipelines.mail.pool",
			"worker.jobs.pipelines.mail.concurrency=0, worker.jobs.pipelines.mail.concurrency",
			"worker.jobs.pipelines.mail.max-attempts=0, worker.jobs.pipelines.mail.max-attempts",
			"worker.jobs.pipelines.mail.backoff.multiplier=0.5, worker.jobs.pipelines.mail.backoff.multiplier",
			"worker.jobs.pipelines.mail.backoff.jitter=1.5, worker.jobs.pipelines.mail.backoff.jitter",
			"worker.jobs.pipelines.mail.backoff.jitter=-0.1, worker.jobs.pipelines.mail.backoff.jitter",
			"worker.jobs.pipelines.mail.backoff.initial=-1s, worker.jobs.pipelines.mail.backoff.initial",
			"worker.jobs.pipelines.mail.visibility-timeout=0s, worker.jobs.pipelines.mail.visibility-timeout",
			"worker.jobs.pipelines.mail.capacity=0, worker.jobs.pipelines.mail.capacity" })
	void badValuesStopStartUpNamingTheKey(String property, String reported) {
		this.mail.withPropertyValues(property)
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, reported));
	}

	@Test
	void aRedisPipelineWithoutSpringDataRedisStopsStartUpNamingTheKey() {
		this.mail.withPropertyValues("worker.jobs.pipelines.mail.driver=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> {
				WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.jobs.pipelines.mail.driver");
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("not on the classpath");
			});
	}

	@Test
	void aRedisPipelineWithoutAConnectionFactoryStopsStartUpNamingTheKey() {
		this.mail.withPropertyValues("worker.jobs.pipelines.mail.driver=redis").run((context) -> {
			WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.jobs.pipelines.mail.driver");
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("no ReactiveRedisConnectionFactory bean");
		});
	}

	@Test
	void aRedisPipelineKeepsItsJobsInRedisThroughTheConnectionFactory() {
		String prefix = TestRedis.keyPrefix();
		this.mail
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class))
			.withPropertyValues(TestRedis.properties(prefix))
			.withPropertyValues("worker.jobs.pipelines.mail.driver=redis", "worker.jobs.redis.key-prefix=" + prefix)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JobPipeline pipeline = context.getBean(JobPipelines.class).get("mail");
				assertThat(pipeline.driver()).isInstanceOf(RedisJobDriver.class);
				assertThat(pipeline.settings().driver()).isEqualTo("redis");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		JobHandler mailHandler() {
			return (message) -> {
			};
		}

		@Bean
		String notAHandler() {
			return "not a handler";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Annotated {

		@Bean
		AnnotatedHandler annotatedHandler() {
			return new AnnotatedHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedTwice {

		@Bean
		AnnotatedHandler secondAnnotatedHandler() {
			return new AnnotatedHandler();
		}

	}

	static class AnnotatedHandler {

		@JobListener("annotated")
		void handle(JobMessage message) {
		}

	}

}
