package dev.workerstarter.benchmarks.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The classic blocking worker model: Spring MVC on Tomcat, its thread pool sized by
 * {@code server.tomcat.threads.max}.
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

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkMvcApplication.class, args);
	}

}
