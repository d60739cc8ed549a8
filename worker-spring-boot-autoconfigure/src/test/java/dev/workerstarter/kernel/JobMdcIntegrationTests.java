package dev.workerstarter.kernel;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TestKernelThreads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log lines written while a job runs carry its worker id and job number, in reactive
 * handlers (also after a hop to a Reactor scheduler) and in blocking ones; lines written
 * outside a job carry neither.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.http.exclude-paths=/outside",
				"logging.pattern.console=[%X{workerId:-none}/%X{jobNumber:-none}] %m%n" })
@ExtendWith({ OutputCaptureExtension.class, PoolClientExtension.class })
class JobMdcIntegrationTests {

	private static final Log logger = LogFactory.getLog(JobMdcIntegrationTests.class);

	@Autowired
	WorkerPool pool;

	@Test
	void handlersLogWithTheWorkerIdAndJobNumber(PoolClient client, CapturedOutput output) {
		long jobs = this.pool.workers().get(0).kernelJobs();
		client.get("/reactive");
		client.get("/blocking");
		client.get("/outside");

		assertThat(output).contains("[1/" + (jobs + 1) + "] reactive handler")
			.contains("[1/" + (jobs + 1) + "] reactive handler after a hop")
			.contains("[1/" + (jobs + 2) + "] blocking handler")
			.contains("[none/none] outside a worker");
	}

	@Test
	void theMdcHoldsTheBoundJobAndIsClearedWhenItIsUnbound() {
		Kernel kernel = new Kernel("reports", 7, 0, TestKernelThreads.configured());
		KernelJob first = kernel.startJob((job) -> {
		});
		KernelJob second = kernel.startJob((job) -> {
		});
		KernelJob outer = WorkerContextHolder.bind(first);
		assertThat(MDC.get("workerPool")).isEqualTo("reports");
		assertThat(MDC.get("workerId")).isEqualTo("7");
		assertThat(MDC.get("jobNumber")).isEqualTo("1");
		KernelJob inner = WorkerContextHolder.bind(second);
		assertThat(MDC.get("jobNumber")).isEqualTo("2");
		WorkerContextHolder.restore(inner);
		assertThat(MDC.get("jobNumber")).isEqualTo("1");
		WorkerContextHolder.restore(outer);
		assertThat(MDC.get("workerPool")).isNull();
		assertThat(MDC.get("workerId")).isNull();
		assertThat(MDC.get("jobNumber")).isNull();
		kernel.destroy();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LoggingController.class)
	static class App {

	}

	@RestController
	static class LoggingController {

		@GetMapping("/reactive")
		Mono<String> reactive() {
			logger.info("reactive handler");
			return Mono.just("reactive")
				.delayElement(Duration.ofMillis(5))
				.doOnNext((value) -> logger.info("reactive handler after a hop"));
		}

		@GetMapping("/blocking")
		String blocking() {
			logger.info("blocking handler");
			return "blocking";
		}

		@GetMapping("/outside")
		Mono<String> outside() {
			logger.info("outside a worker");
			return Mono.just("outside");
		}

	}

}
