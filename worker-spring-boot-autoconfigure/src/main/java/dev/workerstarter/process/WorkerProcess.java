package dev.workerstarter.process;

/**
 * A long-running loop the starter supervises, a bean: a queue consumer, a poller, a
 * socket listener. Each runs as one job on a worker of its own in the pool named
 * {@code processes}, on the worker's own thread with its worker-scoped beans, from the
 * moment the pools are up until shutdown. When it throws or returns while the application
 * is not stopping, its kernel is rebooted (a throw) and it is started again after a
 * backoff ({@code worker.processes.*}) that grows with each restart and starts over once
 * a run lasted {@code stable-after}. On shutdown it is asked to stop
 * ({@link ProcessContext#isStopping()}) and given {@code destroy-timeout} to return,
 * after which its thread is interrupted; a rolling reset of the {@code processes} pool
 * asks it to stop the same way, and starts it again at once on a new kernel.
 * <pre class="code">
 * &#64;Component
 * class InboxPoller implements WorkerProcess {
 *
 * 	public void run(ProcessContext context) throws Exception {
 * 		while (!context.awaitStop(Duration.ofSeconds(5))) {
 * 			inbox.poll().forEach(this::handle);
 * 		}
 * 	}
 *
 * }
 * </pre>
 */
@FunctionalInterface
public interface WorkerProcess {

	/**
	 * Runs the process until it is asked to stop: a loop that checks
	 * {@link ProcessContext#isStopping()} or waits with
	 * {@link ProcessContext#awaitStop(java.time.Duration)} between its steps, and answers
	 * an interrupt by returning or throwing.
	 * @param context the bean name, the restarts so far and the stop signal
	 * @throws Exception anything: logged, and the process is started again after its
	 * backoff on a new kernel (unless the application is stopping)
	 */
	void run(ProcessContext context) throws Exception;

}
