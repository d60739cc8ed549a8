package dev.workerstarter.benchmarks.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The classic blocking worker model: Spring MVC on Tomcat, its thread pool sized by
 * {@code server.tomcat.threads.max}, or a virtual thread per request with
 * {@code spring.threads.virtual.enabled=true}.
 */
@SpringBootApplication
@RestController
public class BenchmarkMvcApplication {

	@GetMapping("/hello")
	String hello() {
		return "Hello, world";
	}

	@GetMapping("/sleep")
	String sleep() throws InterruptedException {
		Thread.sleep(10);
		return "Hello, world";
	}

	// virtual or platform: the runner checks it for the systems on virtual threads
	@GetMapping("/thread")
	String thread() {
		return ThreadKind.current();
	}

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkMvcApplication.class, args);
	}

}
