package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import dev.workerstarter.support.TestRedis;
import dev.workerstarter.task.WorkerTasks;
import dev.workerstarter.timer.WorkerTimer;
import dev.workerstarter.timer.internal.TimerDefinition;
import dev.workerstarter.timer.internal.TimerSchedule;
import dev.workerstarter.timer.internal.WorkerTimers;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerTasksAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerTasksAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	void definesTheTasksAndTimersWhereThereArePools() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(WorkerTasks.class)
			.hasSingleBean(WorkerTimers.class));
	}

	@Test
	void isOffWithoutThePools() {
		this.runner.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WorkerTasks.class)
				.doesNotHaveBean(WorkerTimers.class));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					worker.tasks.pool=reports                                                   | worker.tasks.pool
					worker.timers.t.bean=job                                                    | worker.timers.t.fixed-rate
					worker.timers.t.bean=job;worker.timers.t.fixed-rate=1s;worker.timers.t.cron=* * * * * * | worker.timers.t.cron
					worker.timers.t.bean=job;worker.timers.t.cron=every minute                  | worker.timers.t.cron
					worker.timers.t.bean=job;worker.timers.t.cron=0 * * * * *;worker.timers.t.zone=Mars/Base | worker.timers.t.zone
					worker.timers.t.bean=job;worker.timers.t.fixed-rate=1s;worker.timers.t.zone=UTC | worker.timers.t.zone
					worker.timers.t.bean=job;worker.timers.t.cron=0 * * * * *;worker.timers.t.initial-delay=1s | worker.timers.t.initial-delay
					worker.timers.t.bean=job;worker.timers.t.fixed-rate=0                       | worker.timers.t.fixed-rate
					worker.timers.t.bean=job;worker.timers.t.fixed-delay=-1s                    | worker.timers.t.fixed-delay
					worker.timers.t.bean=job;worker.timers.t.fixed-rate=1s;worker.timers.t.initial-delay=-1s | worker.timers.t.initial-delay
					worker.timers.t.fixed-rate=1s                                               | worker.timers.t.bean
					worker.timers.t.bean=missing;worker.timers.t.fixed-rate=1s                  | worker.timers.t.bean
					worker.timers.t.bean=notRunnable;worker.timers.t.fixed-rate=1s              | worker.timers.t.bean
					worker.timers.t.bean=job;worker.timers.t.fixed-rate=1s;worker.timers.t.single-instance=true | worker.timers.t.single-instance
					worker.timers.annotated.bean=job                                            | worker.timers.annotated.bean
					worker.timers.annotated.cron=0 * * * * *;worker.timers.annotated.fixed-delay=1s | worker.timers.annotated.cron
					worker.tasks.lock.provider=redis                                            | worker.tasks.lock.provider
					worker.tasks.lock.provider=jdbc                                             | worker.tasks.lock.provider
					""")
	void everyBadValueStopsStartUpNamingItsKey(String properties, String key) {
		this.runner.withUserConfiguration(Beans.class, Annotated.class)
			.withPropertyValues(properties.split(";"))
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, key));
	}

	@Test
	void aSingleInstanceTimerWithAZeroLockAtMostForStopsStartUp() {
		this.runner.withUserConfiguration(Beans.class, OwnLockProvider.class)
			.withPropertyValues("worker.timers.t.bean=job", "worker.timers.t.fixed-rate=1s",
					"worker.timers.t.single-instance=true", "worker.timers.t.lock-at-most-for=0")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.timers.t.lock-at-most-for"));
	}

	@Test
	void aSingleInstanceTimerWithoutShedLockStopsStartUpNamingItsKey() {
		this.runner.withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock"))
			.withUserConfiguration(SingleInstance.class)
			.run((context) -> {
				WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.timers.single.single-instance");
				assertThat(innermost(context))
					.hasMessageContaining("there is no lock to run the timer on one instance");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					fixedRate = "5 parsecs"            | badDuration  | fixedRate '5 parsecs': it is not a duration
					two schedules                      | twoSchedules | cron '0 * * * * *': the timer has a fixed-rate already
					no schedule                        | noSchedule   | the timer has no schedule
					a parameter                        | parameter    | a timer method takes no arguments
					an unresolvable placeholder        | placeholder  | fixedRate '${test.missing}': a placeholder in it could not be resolved
					""")
	void everyBadAnnotationStopsStartUpNamingTheBeanAndMethod(String what, String bean, String reason) {
		this.runner.withUserConfiguration(BadAnnotations.class)
			.withPropertyValues("test.bad=" + bean)
			.run((context) -> assertThat(innermost(context)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("@WorkerTimer on method 'tick' of bean '" + bean + "'")
				.hasMessageContaining(reason));
	}

	@Test
	void twoAnnotatedTimersOfOneNameStopStartUp() {
		this.runner.withUserConfiguration(Annotated.class)
			.withBean("sameName", SameName.class, SameName::new)
			.run((context) -> assertThat(innermost(context))
				.hasMessageContaining("name 'annotated': another @WorkerTimer method has that name")
				.hasMessageContaining("of bean 'sameName'")
				.hasMessageContaining("of bean 'workerTasksAutoConfigurationTests.Annotated'"));
	}

	@Test
	void annotatedTimersAreNamedAfterTheirBeanAndMethodUnlessNamedAndTheirPlaceholdersResolved() {
		this.runner.withUserConfiguration(Annotated.class)
			.withBean("placeholders", Placeholders.class, Placeholders::new)
			.withPropertyValues("test.name=resolved", "test.rate=250ms")
			.run((context) -> {
				assertThat(timers(context)).extracting(TimerDefinition::name)
					.containsExactlyInAnyOrder("annotated", "resolved", "placeholders#unnamed");
				assertThat(timer(context, "resolved").schedule())
					.isEqualTo(TimerSchedule.fixedRate(Duration.ofMillis(250), Duration.ZERO));
				assertThat(timer(context, "placeholders#unnamed").schedule())
					.isEqualTo(TimerSchedule.fixedDelay(Duration.ofSeconds(5), Duration.ofSeconds(1)));
			});
	}

	@Test
	void anEntryOfAnAnnotatedTimersNameOverridesItsScheduleAndSingleInstanceOrDisablesIt() {
		this.runner.withUserConfiguration(Annotated.class, OwnLockProvider.class)
			.withPropertyValues("worker.timers.annotated.fixed-delay=5s",
					"worker.timers.annotated.single-instance=true", "worker.timers.annotated.lock-at-most-for=1m")
			.run((context) -> assertThat(timer(context, "annotated")).satisfies((timer) -> {
				assertThat(timer.schedule()).isEqualTo(TimerSchedule.fixedDelay(Duration.ofSeconds(5), Duration.ZERO));
				assertThat(timer.singleInstance()).isTrue();
				assertThat(timer.lockAtMostFor()).isEqualTo(Duration.ofMinutes(1));
			}));
		this.runner.withUserConfiguration(Annotated.class)
			.withPropertyValues("worker.timers.annotated.enabled=false")
			.run((context) -> assertThat(timers(context)).isEmpty());
		// the annotated schedule stays when the entry writes none
		this.runner.withUserConfiguration(Annotated.class, OwnLockProvider.class)
			.withPropertyValues("worker.timers.annotated.single-instance=true")
			.run((context) -> assertThat(timer(context, "annotated").schedule())
				.isEqualTo(TimerSchedule.fixedRate(Duration.ofHours(1), Duration.ZERO)));
	}

	@Test
	void aDisabledEntryIsNotChecked() {
		this.runner.withPropertyValues("worker.timers.t.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theApplicationsLockProviderComesFirst() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(TestRedis.properties(TestRedis.keyPrefix()))
			.withUserConfiguration(OwnLockProvider.class)
			.run((context) -> assertThat(lock(context)).isEqualTo("ShedLock NoLocks"));
	}

	@Test
	void autoTakesRedisBeforeJdbc() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues(TestRedis.properties(TestRedis.keyPrefix()))
			.run((context) -> assertThat(lock(context)).isEqualTo("ShedLock RedisLockProvider"));
	}

	@Test
	void autoTakesJdbcWithoutRedis() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.run((context) -> assertThat(lock(context)).isEqualTo("ShedLock JdbcTemplateLockProvider"));
		this.runner
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock.provider.redis"))
			.run((context) -> assertThat(lock(context)).isEqualTo("ShedLock JdbcTemplateLockProvider"));
	}

	@Test
	void jdbcIsTakenWhenNamedThoughThereIsRedis() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues(TestRedis.properties(TestRedis.keyPrefix()))
			.withPropertyValues("worker.tasks.lock.provider=jdbc")
			.run((context) -> assertThat(lock(context)).isEqualTo("ShedLock JdbcTemplateLockProvider"));
	}

	@Test
	void withoutAProviderThereIsNoLock() {
		this.runner.run((context) -> assertThat(context.getBean(TimerLockChoice.class).lock()).isNull());
		this.runner.withClassLoader(new FilteredClassLoader("net.javacrumbs.shedlock"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TimerLockChoice.class));
	}

	private static Throwable innermost(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
	}

	private static String lock(ApplicationContext context) {
		return String.valueOf(context.getBean(TimerLockChoice.class).lock());
	}

	private static List<TimerDefinition> timers(ApplicationContext context) {
		return context.getBean(WorkerTimers.class).timers();
	}

	private static TimerDefinition timer(ApplicationContext context, String name) {
		return timers(context).stream().filter((timer) -> timer.name().equals(name)).findFirst().orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Runnable job() {
			return () -> {
			};
		}

		@Bean
		String notRunnable() {
			return "not runnable";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLockProvider {

		@Bean
		NoLocks lockProvider() {
			return new NoLocks();
		}

	}

	static class NoLocks implements LockProvider {

		@Override
		public Optional<SimpleLock> lock(LockConfiguration configuration) {
			return Optional.empty();
		}

	}

	static class Annotated {

		@WorkerTimer(name = "annotated", fixedRate = "1h")
		void tick() {
		}

	}

	static class SameName {

		@WorkerTimer(name = "annotated", fixedDelay = "1h")
		void tick() {
		}

	}

	static class SingleInstance {

		@WorkerTimer(name = "single", fixedRate = "1h", singleInstance = true)
		void tick() {
		}

	}

	static class Placeholders {

		@WorkerTimer(name = "${test.name}", fixedRate = "${test.rate}")
		void named() {
		}

		@WorkerTimer(fixedDelay = "PT5S", initialDelay = "1000")
		void unnamed() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadAnnotations {

		@Bean
		@ConditionalOnProperty(name = "test.bad", havingValue = "badDuration")
		BadDuration badDuration() {
			return new BadDuration();
		}

		@Bean
		@ConditionalOnProperty(name = "test.bad", havingValue = "twoSchedules")
		TwoSchedules twoSchedules() {
			return new TwoSchedules();
		}

		@Bean
		@ConditionalOnProperty(name = "test.bad", havingValue = "noSchedule")
		NoSchedule noSchedule() {
			return new NoSchedule();
		}

		@Bean
		@ConditionalOnProperty(name = "test.bad", havingValue = "parameter")
		Parameter parameter() {
			return new Parameter();
		}

		@Bean
		@ConditionalOnProperty(name = "test.bad", havingValue = "placeholder")
		Placeholder placeholder() {
			return new Placeholder();
		}

	}

	static class BadDuration {

		@WorkerTimer(fixedRate = "5 parsecs")
		void tick() {
		}

	}

	static class TwoSchedules {

		@WorkerTimer(fixedRate = "1s", cron = "0 * * * * *")
		void tick() {
		}

	}

	static class NoSchedule {

		@WorkerTimer
		void tick() {
		}

	}

	static class Parameter {

		@WorkerTimer(fixedRate = "1s")
		void tick(String what) {
		}

	}

	static class Placeholder {

		@WorkerTimer(fixedRate = "${test.missing}")
		void tick() {
		}

	}

}
