package dev.workerstarter.benchmarks.webflux;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

import io.netty.util.internal.PlatformDependent;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.websocket.WsServer;

/**
 * Benchmark-only: the memory this process holds after full garbage collections, and its
 * open WebSocket connections, so that the runner can work out the memory of an idle
 * connection. Its path is excluded from the workers.
 */
@RestController
class MemoryController {

	private static final int COLLECTIONS = 3;

	private final PlainWebSocketHandler plain;

	private final ObjectProvider<WsServer> server;

	MemoryController(PlainWebSocketHandler plain, ObjectProvider<WsServer> server) {
		this.plain = plain;
		this.server = server;
	}

	/**
	 * Runs {@value #COLLECTIONS} full collections and answers the heap used after them
	 * (the lowest), the direct memory in use (the JDK's direct buffers and what Netty
	 * allocates directly, without the JDK's accounting) and the open connections of both
	 * endpoints.
	 * @return {@code heap}, {@code direct} (bytes) and {@code connections}
	 */
	@GetMapping("/bench/memory")
	Mono<Map<String, Long>> memory() {
		return Mono.fromCallable(this::measure).subscribeOn(Schedulers.boundedElastic());
	}

	private Map<String, Long> measure() {
		long heap = Long.MAX_VALUE;
		for (int i = 0; i < COLLECTIONS; i++) {
			System.gc();
			heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		long direct = Math.max(0, PlatformDependent.usedDirectMemory());
		for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
			if (pool.getName().equals("direct")) {
				direct += pool.getMemoryUsed();
			}
		}
		WsServer workers = this.server.getIfAvailable();
		long connections = this.plain.connectionCount() + ((workers != null) ? workers.localConnectionCount() : 0);
		return Map.of("heap", heap, "direct", direct, "connections", connections);
	}

}
