package dev.workerstarter.benchmarks.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmarked WebFlux application. One code base serves every WebFlux system of the
 * benchmark; command-line properties choose workers on or off, the pools and their sizes,
 * the kernels' threads, the reboot strategy, the slow kernel and the resilience4j
 * bulkhead.
 */
@SpringBootApplication
public class BenchmarkWebFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkWebFluxApplication.class, args);
	}

}
