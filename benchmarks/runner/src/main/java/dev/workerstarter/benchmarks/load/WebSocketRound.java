package dev.workerstarter.benchmarks.load;

/**
 * One round of the WebSocket scenario for one system.
 *
 * @param connections the connections open during the round
 * @param empty the server's memory with no connection open
 * @param idle the server's memory with the connections open and idle, each having sent
 * and received one message
 * @param echo the echo closed loop: one request per round trip
 * @param echoClientCpu the load client's CPU time during the echo over its length (1.0:
 * one CPU busy the whole time), {@code NaN} if not measured
 * @param fanout the fan-outs: one request per fan-out, its latency the time until every
 * connection received it
 */
public record WebSocketRound(int connections, ServerMemory empty, ServerMemory idle, LoadResult echo,
		double echoClientCpu, LoadResult fanout) {

	/**
	 * Returns the heap an idle connection holds.
	 * @return bytes per connection
	 */
	public double heapBytesPerConnection() {
		return (double) (this.idle.heapBytes() - this.empty.heapBytes()) / this.connections;
	}

	/**
	 * Returns the direct memory an idle connection holds.
	 * @return bytes per connection
	 */
	public double directBytesPerConnection() {
		return (double) (this.idle.directBytes() - this.empty.directBytes()) / this.connections;
	}

	/**
	 * Returns the memory an idle connection holds: heap and direct.
	 * @return bytes per connection
	 */
	public double bytesPerConnection() {
		return heapBytesPerConnection() + directBytesPerConnection();
	}

	/**
	 * Returns the messages the fan-outs delivered per second.
	 * @return deliveries per second
	 */
	public double deliveriesPerSecond() {
		return this.fanout.ok() * (double) this.connections / this.fanout.seconds();
	}

}
