package dev.workerstarter.jfr.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;

import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flight recording started in the application holds an event per job and per kernel
 * reboot, and none while the recording has them disabled.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith(PoolClientExtension.class)
class FlightRecorderIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void recordingHoldsAnEventPerJobAndPerReboot(PoolClient client) throws Exception {
		List<RecordedEvent> events;
		try (Recording recording = new Recording()) {
			recording.enable(JobEvent.NAME).withoutThreshold();
			recording.enable(KernelRebootEvent.NAME).withoutThreshold();
			recording.start();
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(client.get("/fail").getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
			recording.stop();
			events = read(recording);
		}

		List<RecordedEvent> jobs = named(events, JobEvent.NAME);
		assertThat(jobs).extracting((event) -> event.getString("outcome"))
			.containsExactly("success", "success", "error", "success");
		assertThat(jobs).extracting((event) -> event.getLong("jobNumber")).containsExactly(1L, 2L, 3L, 1L);
		assertThat(jobs).allSatisfy((event) -> {
			assertThat(event.getInt("workerId")).isEqualTo(1);
			assertThat(event.getDuration()).isPositive();
		});
		RecordedEvent reboot = named(events, KernelRebootEvent.NAME).get(0);
		assertThat(named(events, KernelRebootEvent.NAME)).hasSize(1);
		assertThat(reboot.getString("reason")).isEqualTo("exception");
		assertThat(reboot.getLong("jobsHandled")).isEqualTo(3);
		assertThat(reboot.getInt("workerId")).isEqualTo(1);
		assertThat(reboot.getDuration()).isGreaterThanOrEqualTo(Duration.ofNanos(reboot.getLong("bootTime")));
		assertThat(reboot.getStartTime()).isAfterOrEqualTo(jobs.get(2).getStartTime())
			.isBeforeOrEqualTo(jobs.get(3).getStartTime());
	}

	@Test
	void recordingWithTheEventsDisabledHoldsNone(PoolClient client) throws Exception {
		List<RecordedEvent> events;
		try (Recording recording = new Recording()) {
			recording.disable(JobEvent.NAME);
			recording.disable(KernelRebootEvent.NAME);
			recording.enable("jdk.ThreadStart");
			recording.start();
			assertThat(client.get("/fail").getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			Thread thread = new Thread(() -> {
			}, "recorded");
			thread.start();
			thread.join();
			recording.stop();
			events = read(recording);
		}
		assertThat(named(events, KernelRebootEvent.NAME)).isEmpty();
		assertThat(named(events, JobEvent.NAME)).isEmpty();
		assertThat(named(events, "jdk.ThreadStart")).as("the recording ran").isNotEmpty();
	}

	private List<RecordedEvent> read(Recording recording) throws Exception {
		Path file = Files.createTempFile(this.directory, "workers", ".jfr");
		recording.dump(file);
		return RecordingFile.readAllEvents(file);
	}

	private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
		return events.stream()
			.filter((event) -> event.getEventType().getName().equals(name))
			.sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
			.toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class })
	static class App {

	}

}
