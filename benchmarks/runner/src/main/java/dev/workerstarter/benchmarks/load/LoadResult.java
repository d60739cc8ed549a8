package dev.workerstarter.benchmarks.load;

/**
 * What one load run measured.
 *
 * @param requests responses received
 * @param ok responses with a 2xx or 3xx status
 * @param unavailable {@code 503} responses
 * @param retryAfter {@code 503} responses that carried a {@code Retry-After} header
 * @param socketErrors connect, read and write errors and timeouts
 * @param seconds how long the run lasted
 * @param p50Millis median latency
 * @param p90Millis 90th percentile latency
 * @param p99Millis 99th percentile latency
 * @param maxMillis highest latency
 * @param serverCpuSeconds CPU time the server used during the run, all its threads
 * together, or {@code NaN} if not measured
 * @param serverAllocatedBytes bytes the server's live threads allocated during the run,
 * or {@code NaN} if not measured
 */
public record LoadResult(long requests, long ok, long unavailable, long retryAfter, long socketErrors, double seconds,
		double p50Millis, double p90Millis, double p99Millis, double maxMillis, double serverCpuSeconds,
		double serverAllocatedBytes) {

	/**
	 * Returns this result with the server's CPU time during the run.
	 * @param cpuSeconds the CPU time
	 * @return the result
	 */
	public LoadResult withServerCpu(double cpuSeconds) {
		return new LoadResult(this.requests, this.ok, this.unavailable, this.retryAfter, this.socketErrors,
				this.seconds, this.p50Millis, this.p90Millis, this.p99Millis, this.maxMillis, cpuSeconds,
				this.serverAllocatedBytes);
	}

	/**
	 * Returns this result with the bytes the server allocated during the run.
	 * @param allocatedBytes the bytes
	 * @return the result
	 */
	public LoadResult withServerAllocation(double allocatedBytes) {
		return new LoadResult(this.requests, this.ok, this.unavailable, this.retryAfter, this.socketErrors,
				this.seconds, this.p50Millis, this.p90Millis, this.p99Millis, this.maxMillis, this.serverCpuSeconds,
				allocatedBytes);
	}

	/**
	 * Returns the bytes the server allocated per request of the run, successful or not.
	 * @return the bytes, or {@code NaN} if not measured
	 */
	public double allocatedBytesPerRequest() {
		return this.serverAllocatedBytes / this.requests;
	}

	/**
	 * Returns how busy the server was: its CPU time over the run's length, where 1.0 is
	 * one CPU busy the whole time.
	 * @return the CPU share, or {@code NaN} if not measured
	 */
	public double serverCpu() {
		return this.serverCpuSeconds / this.seconds;
	}

	/**
	 * Returns the successful responses per second.
	 * @return the throughput
	 */
	public double throughput() {
		return this.ok / this.seconds;
	}

	/**
	 * Returns the requests that did not succeed: error statuses ({@code 503} included)
	 * and socket errors.
	 * @return the unsuccessful requests
	 */
	public long unsuccessful() {
		return this.requests - this.ok + this.socketErrors;
	}

	/**
	 * Returns the responses that were neither successful nor {@code 503}, plus socket
	 * errors.
	 * @return the failed requests
	 */
	public long failed() {
		return this.requests - this.ok - this.unavailable + this.socketErrors;
	}

}
