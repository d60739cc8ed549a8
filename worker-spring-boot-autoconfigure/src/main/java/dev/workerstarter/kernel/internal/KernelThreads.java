package dev.workerstarter.kernel.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * How a kernel makes its own thread: a platform thread, or a virtual thread where the
 * runtime has them (Java 21 and later). Either way each kernel gets a thread of its own,
 * named {@code worker-<id>-kernel-<generation>}, so a reboot still retires the thread and
 * the {@code ThreadLocal}s left on it.
 * <p>
 * The starter is compiled for Java 17, so virtual threads are made through method handles
 * on {@code Thread.ofVirtual()}, looked up once, when the first one is made.
 */
public final class KernelThreads {

	/**
	 * Platform daemon threads, the threads kernels get unless virtual ones are asked for.
	 */
	public static final KernelThreads PLATFORM = new KernelThreads(Kind.PLATFORM);

	private static final KernelThreads VIRTUAL = new KernelThreads(Kind.VIRTUAL);

	private static final int FIRST_VIRTUAL_THREADS_RELEASE = 21;

	private final Kind kind;

	private KernelThreads(Kind kind) {
		this.kind = kind;
	}

	/**
	 * Resolves the kind of thread kernels get on this runtime. When none is configured,
	 * kernels follow Spring Boot's {@code spring.threads.virtual.enabled} as Boot does:
	 * virtual threads if it is {@code true} and the runtime is Java 21 or later, platform
	 * threads otherwise.
	 * @param property the full name of the property, for example {@code worker.threads}
	 * @param configured the configured kind, or {@code null} to follow Spring Boot
	 * @param springVirtualThreads the value of {@code spring.threads.virtual.enabled}
	 * @return how kernels make their threads
	 * @throws InvalidWorkerPropertyException if virtual threads are configured on a
	 * runtime that has none
	 */
	public static KernelThreads of(String property, @Nullable Kind configured, boolean springVirtualThreads) {
		return of(property, configured, springVirtualThreads, Runtime.version().feature());
	}

	// The runtime's release is a parameter so that both branches are tested on any JDK.
	static KernelThreads of(String property, @Nullable Kind configured, boolean springVirtualThreads, int javaRelease) {
		boolean available = javaRelease >= FIRST_VIRTUAL_THREADS_RELEASE;
		if (configured == null) {
			// Boot ignores spring.threads.virtual.enabled before Java 21, and so do
			// kernels
			return (springVirtualThreads && available) ? VIRTUAL : PLATFORM;
		}
		if (configured == Kind.PLATFORM) {
			return PLATFORM;
		}
		if (!available) {
			throw new InvalidWorkerPropertyException(property, configured.name().toLowerCase(Locale.ROOT),
					"virtual threads need Java " + FIRST_VIRTUAL_THREADS_RELEASE
							+ " or later, and the application runs on Java " + javaRelease,
					"Run the application on Java " + FIRST_VIRTUAL_THREADS_RELEASE + " or later, or set " + property
							+ " to platform (or remove it) to run kernels on platform threads.");
		}
		return VIRTUAL;
	}

	/**
	 * Returns the kind of thread kernels get.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Makes a kernel's thread, not started.
	 * @param task what the thread runs
	 * @param name the thread's name
	 * @return the thread: a virtual one, or a platform daemon thread
	 */
	Thread newThread(Runnable task, String name) {
		if (this.kind == Kind.VIRTUAL) {
			return VirtualThreads.unstarted(name, task);
		}
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public String toString() {
		return "KernelThreads[" + this.kind.name().toLowerCase(Locale.ROOT) + "]";
	}

	/**
	 * The kinds of thread a kernel may run on.
	 */
	public enum Kind {

		/** A platform thread, a daemon. */
		PLATFORM,

		/** A virtual thread (Java 21 and later). */
		VIRTUAL

	}

	// A holder: its method handles are looked up when the first virtual thread is made,
	// which of() allows only on a runtime that has them.
	private static final class VirtualThreads {

		// (String name, Runnable task) -> Thread.ofVirtual().name(name).unstarted(task)
		private static final MethodHandle UNSTARTED;

		static {
			try {
				Class<?> builder = Class.forName("java.lang.Thread$Builder");
				Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
				MethodHandles.Lookup lookup = MethodHandles.publicLookup();
				MethodHandle newBuilder = lookup.findStatic(Thread.class, "ofVirtual",
						MethodType.methodType(ofVirtual));
				MethodHandle name = lookup.findVirtual(ofVirtual, "name",
						MethodType.methodType(ofVirtual, String.class));
				MethodHandle unstarted = lookup
					.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class))
					.asType(MethodType.methodType(Thread.class, ofVirtual, Runnable.class));
				MethodHandle named = MethodHandles.collectArguments(name, 0, newBuilder);
				UNSTARTED = MethodHandles.collectArguments(unstarted, 0, named);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private VirtualThreads() {
		}

		static Thread unstarted(String name, Runnable task) {
			try {
				return (Thread) UNSTARTED.invokeExact(name, task);
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException("Could not make virtual thread " + name, ex);
			}
		}

	}

}
