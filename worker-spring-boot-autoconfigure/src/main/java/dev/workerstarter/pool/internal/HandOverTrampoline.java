package dev.workerstarter.pool.internal;

import java.util.ArrayDeque;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs the starts of work that waited and has no home on the thread that freed its
 * worker, one after the other, never one inside another: a start asked for while this
 * thread is already running one (a job that ended as it started freed its worker to the
 * next in line) is queued here and runs once the running one has returned. Without it a
 * line of work that completes as it starts, refilled as fast as it drains, would start
 * each job one frame deeper inside the previous one's ending, until the stack overflows
 * half way through a job's end and its worker never comes back.
 */
final class HandOverTrampoline {

	private static final Log logger = LogFactory.getLog(HandOverTrampoline.class);

	private static final ThreadLocal<HandOverTrampoline> CURRENT = ThreadLocal.withInitial(HandOverTrampoline::new);

	// Only ever touched by its own thread.
	private final ArrayDeque<Runnable> queued = new ArrayDeque<>();

	private boolean running;

	private HandOverTrampoline() {
	}

	/**
	 * Runs a start on this thread: now, or, inside another one, once that has returned.
	 * @param start the start, which owns its worker and must not throw; if the first one
	 * does, the starts queued meanwhile still run, then the exception goes on to the
	 * caller
	 */
	static void run(Runnable start) {
		HandOverTrampoline trampoline = CURRENT.get();
		if (trampoline.running) {
			trampoline.queued.add(start);
			return;
		}
		trampoline.running = true;
		try {
			start.run();
		}
		finally {
			try {
				Runnable next;
				while ((next = trampoline.queued.poll()) != null) {
					runQueued(next);
				}
			}
			finally {
				trampoline.running = false;
			}
		}
	}

	// A queued start that throws has no caller left to tell: it is logged, and the
	// next ones still run.
	private static void runQueued(Runnable start) {
		try {
			start.run();
		}
		catch (RuntimeException ex) {
			logger.error("The start of work handed a worker failed", ex);
		}
	}

}
