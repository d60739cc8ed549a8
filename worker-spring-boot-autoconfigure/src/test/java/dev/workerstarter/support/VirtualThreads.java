package dev.workerstarter.support;

import java.lang.reflect.Method;

/**
 * Tells virtual threads from platform ones for tests compiled for Java 17, where
 * {@code Thread.isVirtual()} is not in the API: through reflection, and {@code false} on
 * a runtime that has no virtual threads.
 */
public final class VirtualThreads {

	private static final Method IS_VIRTUAL = isVirtualMethod();

	private VirtualThreads() {
	}

	/**
	 * Tells whether a thread is virtual.
	 * @param thread the thread
	 * @return {@code true} if it is a virtual thread
	 */
	public static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Method isVirtualMethod() {
		try {
			return Thread.class.getMethod("isVirtual");
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

}
