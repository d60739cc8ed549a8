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
 */
public record LoadResult(long requests, long ok, long unavailable, long retryAfter, long socketErrors, double seconds,
		double p50Millis, double p90Millis, double p99Millis, double maxMillis) {

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
