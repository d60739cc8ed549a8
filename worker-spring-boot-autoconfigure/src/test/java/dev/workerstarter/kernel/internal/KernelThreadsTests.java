package dev.workerstarter.kernel.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.kernel.internal.KernelThreads.Kind;
import dev.workerstarter.support.VirtualThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The kind of thread kernels get, resolved from {@code worker.threads}, Spring Boot's
 * {@code spring.threads.virtual.enabled} and the runtime's release, which is a parameter
 * here so that every combination is tested on any JDK; and the threads themselves, made
 * on the JDK running the tests.
 */
class KernelThreadsTests {

	private static final String KEY = "worker.threads";

	@ParameterizedTest(name = "worker.threads={0}, spring.threads.virtual.enabled={1} on Java {2}: {3}")
	@CsvSource(delimiter = '|', nullValues = "unset", textBlock = """
			unset    | false | 17 | PLATFORM
			unset    | true  | 17 | PLATFORM
			unset    | true  | 20 | PLATFORM
			unset    | false | 21 | PLATFORM
			unset    | true  | 21 | VIRTUAL
			unset    | true  | 25 | VIRTUAL
			PLATFORM | false | 17 | PLATFORM
			PLATFORM | true  | 17 | PLATFORM
			PLATFORM | false | 21 | PLATFORM
			PLATFORM | true  | 25 | PLATFORM
			VIRTUAL  | false | 21 | VIRTUAL
			VIRTUAL  | true  | 21 | VIRTUAL
			VIRTUAL  | false | 25 | VIRTUAL
			""")
	void resolvesTheKindOfThread(Kind configured, boolean springVirtualThreads, int javaRelease, Kind expected) {
		assertThat(KernelThreads.of(KEY, configured, springVirtualThreads, javaRelease).kind()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "spring.threads.virtual.enabled={0} on Java {1}")
	@CsvSource({ "false, 17", "true, 17", "false, 20", "true, 20" })
	void virtualThreadsBeforeJava21StopStartUpNamingTheKeyAndTheFix(boolean springVirtualThreads, int javaRelease) {
		assertThatExceptionOfType(InvalidWorkerPropertyException.class)
			.isThrownBy(() -> KernelThreads.of(KEY, Kind.VIRTUAL, springVirtualThreads, javaRelease))
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo("worker.threads");
				assertThat(ex.getValue()).isEqualTo("virtual");
				assertThat(ex.getMessage()).isEqualTo("Invalid value 'virtual' for property 'worker.threads': "
						+ "virtual threads need Java 21 or later, and the application runs on Java " + javaRelease);
				assertThat(ex.getAction()).isEqualTo("Run the application on Java 21 or later, or set "
						+ "worker.threads to platform (or remove it) to run kernels on platform threads.");
			});
	}

	@Test
	void theRuntimeDecidesWithoutAReleaseGiven() {
		boolean hasVirtualThreads = Runtime.version().feature() >= 21;
		assertThat(KernelThreads.of(KEY, null, true).kind())
			.isEqualTo(hasVirtualThreads ? Kind.VIRTUAL : Kind.PLATFORM);
		assertThat(KernelThreads.of(KEY, Kind.PLATFORM, true).kind()).isEqualTo(Kind.PLATFORM);
		if (hasVirtualThreads) {
			assertThat(KernelThreads.of(KEY, Kind.VIRTUAL, false).kind()).isEqualTo(Kind.VIRTUAL);
		}
		else {
			assertThatExceptionOfType(InvalidWorkerPropertyException.class)
				.isThrownBy(() -> KernelThreads.of(KEY, Kind.VIRTUAL, false))
				.withMessageContaining("'worker.threads'")
				.withMessageEndingWith("the application runs on Java " + Runtime.version().feature());
		}
	}

	@Test
	void makesNamedPlatformDaemonThreads() {
		Thread thread = KernelThreads.PLATFORM.newThread(() -> {
		}, "worker-1-kernel-0");
		assertThat(thread.getName()).isEqualTo("worker-1-kernel-0");
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
		assertThat(VirtualThreads.isVirtual(thread)).isFalse();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void makesNamedVirtualThreadsThatRunTheirTask() throws Exception {
		KernelThreads virtual = KernelThreads.of(KEY, Kind.VIRTUAL, false);
		CompletableFuture<Thread> ran = new CompletableFuture<>();
		Thread thread = virtual.newThread(() -> ran.complete(Thread.currentThread()), "worker-2-kernel-3");
		assertThat(thread.getName()).isEqualTo("worker-2-kernel-3");
		assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
		assertThat(VirtualThreads.isVirtual(thread)).isTrue();
		thread.start();
		assertThat(ran.get(10, TimeUnit.SECONDS)).isSameAs(thread);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aKernelOnVirtualThreadsRunsItsTasksOnOneVirtualThreadNamedAfterIt() throws Exception {
		Kernel kernel = new Kernel("default", 4, 2, KernelThreads.of(KEY, Kind.VIRTUAL, false));
		try {
			CompletableFuture<Thread> first = new CompletableFuture<>();
			CompletableFuture<Thread> second = new CompletableFuture<>();
			kernel.execute(() -> first.complete(Thread.currentThread()));
			kernel.execute(() -> second.complete(Thread.currentThread()));
			Thread thread = first.get(10, TimeUnit.SECONDS);
			assertThat(thread.getName()).isEqualTo("worker-4-kernel-2");
			assertThat(VirtualThreads.isVirtual(thread)).isTrue();
			assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(thread);
		}
		finally {
			kernel.destroy();
		}
	}

}
