package dev.workerstarter.process;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker-scoped bean of the process tests that tells which kernel created it.
 */
class KernelMark {

	private static final AtomicInteger NEXT = new AtomicInteger();

	private final int id = NEXT.incrementAndGet();

	int id() {
		return this.id;
	}

}
