package dev.workerstarter.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.workerstarter.autoconfigure.WorkerAutoConfigurationTests.FailingApplication;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.VirtualThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The kind of thread the kernels run on: {@code worker.threads}, else Spring Boot's
 * {@code spring.threads.virtual.enabled} on Java 21 or later; virtual threads asked for
 * on an older runtime stop start-up.
 */
class WorkerThreadsAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	@DisabledIfSystemProperty(named = "worker.threads", matches = ".+", disabledReason = "sets the default")
	void kernelsRunOnPlatformThreadsByDefault() {
		this.runner.run((context) -> assertThat(kernelThreadIsVirtual(context.getBean(WorkerPool.class))).isFalse());
	}

	@Test
	void platformThreadsWinOverSpringBootsVirtualThreads() {
		this.runner.withPropertyValues("worker.threads=platform", "spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(kernelThreadIsVirtual(context.getBean(WorkerPool.class))).isFalse());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsOnJava21OrLater() {
		this.runner.withPropertyValues("worker.threads=VIRTUAL")
			.run((context) -> assertThat(kernelThreadIsVirtual(context.getBean(WorkerPool.class))).isTrue());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void kernelsFollowSpringBootsVirtualThreadsOnJava21OrLater() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(kernelThreadIsVirtual(context.getBean(WorkerPool.class))).isTrue());
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void springBootsVirtualThreadsAreIgnoredBeforeJava21AsBootIgnoresThem() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(kernelThreadIsVirtual(context.getBean(WorkerPool.class))).isFalse());
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsBeforeJava21StopStartUpNamingTheKeyAndTheFix() {
		this.runner.withPropertyValues("worker.threads=virtual")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context, "worker.threads"));
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	@ExtendWith(OutputCaptureExtension.class)
	void aStartWithVirtualThreadsBeforeJava21ReportsTheKeyAndTheFix(CapturedOutput output) {
		SpringApplication application = new SpringApplication(FailingApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		assertThatException().isThrownBy(() -> application.run("--worker.threads=virtual", "--server.port=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value 'virtual' for property 'worker.threads' (originating from "
					+ "'\"worker.threads\" from property source \"commandLineArgs\"'): virtual threads need Java 21 "
					+ "or later, and the application runs on Java " + Runtime.version().feature())
			.contains("Run the application on Java 21 or later, or set worker.threads to platform (or remove it) "
					+ "to run kernels on platform threads.");
	}

	// Runs a job whose work hops onto its kernel's thread, and tells what that thread is.
	private static boolean kernelThreadIsVirtual(WorkerPool pool) {
		Thread thread = pool.run(Thread::currentThread).block(Duration.ofSeconds(10));
		assertThat(thread).isNotNull();
		assertThat(thread.getName()).isEqualTo("worker-1-kernel-0");
		return VirtualThreads.isVirtual(thread);
	}

}
