package dev.workerstarter.benchmarks.webflux;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells what kind of thread runs a non-reactive handler: {@code virtual} or
 * {@code platform}. The runner checks it for the systems that must run on virtual
 * threads, so that an ignored property cannot pass for a measured one.
 */
@RestController
class ThreadController {

	@GetMapping("/thread")
	String thread() {
		return ThreadKind.current();
	}

}
