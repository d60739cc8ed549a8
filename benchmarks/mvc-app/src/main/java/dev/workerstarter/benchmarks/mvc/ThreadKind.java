package dev.workerstarter.benchmarks.mvc;

/**
 * The kind of the current thread, on Java 17 (no virtual threads) as on 21 and later.
 */
final class ThreadKind {

	private ThreadKind() {
	}

	static String current() {
		try {
			Object virtual = Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
			return Boolean.TRUE.equals(virtual) ? "virtual" : "platform";
		}
		catch (ReflectiveOperationException ex) {
			return "platform";
		}
	}

}
