package dev.workerstarter.support;

import java.util.Locale;

import dev.workerstarter.kernel.internal.KernelThreads;

/**
 * The threads of the kernels that tests make themselves, without an application: those
 * the {@code worker.threads} system property names, as the applications the other tests
 * start bind it, so that one run of the whole suite can put every kernel on virtual
 * threads ({@code -Dworker.threads=virtual}, on Java 21 or later). Platform threads when
 * it is not set.
 */
public final class TestKernelThreads {

	private static final String PROPERTY = "worker.threads";

	private TestKernelThreads() {
	}

	/**
	 * Returns the kernels' threads the {@code worker.threads} system property asks for.
	 * @return the threads
	 */
	public static KernelThreads configured() {
		String value = System.getProperty(PROPERTY);
		KernelThreads.Kind kind = (value != null && !value.isBlank())
				? KernelThreads.Kind.valueOf(value.strip().toUpperCase(Locale.ROOT)) : null;
		return KernelThreads.of(PROPERTY, kind, false);
	}

}
