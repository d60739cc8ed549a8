package dev.workerstarter.integration.jpa;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker-scoped {@code EntityManager} on H2 over real HTTP, with one worker so that
 * every request meets the same kernel: cleared after each job, replaced with its kernel
 * when a job leaves it unusable, and given a new connection when the one it holds died.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.integrations.jpa.validate-after-idle=0s",
				"management.endpoints.web.exposure.include=workers" })
@AutoConfigureWebTestClient
@ExtendWith(PoolClientExtension.class)
class WorkerEntityManagerIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	DataSource dataSource;

	@Autowired
	WebTestClient actuator;

	private PoolClient client;

	@BeforeEach
	void useClient(PoolClient client) {
		this.client = client;
	}

	String get(String path) {
		ResponseEntity<String> response = this.client.get(path);
		assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	@Test
	void anEntityLoadedInAJobIsDetachedInTheNextJobOnTheSameManager() {
		get("/save?id=1&text=first");
		String manager = get("/manager");
		assertThat(get("/keep?id=1")).as("managed in the job that loaded it").isEqualTo("true");
		assertThat(get("/kept")).as("managed in the next job").isEqualTo("false");
		assertThat(get("/manager")).as("the same manager, cleared rather than replaced").isEqualTo(manager);
		assertThat(this.events.reboots()).isEmpty();
	}

	@Test
	void aTransactionLeftRollbackOnlyRebootsTheKernelAndTheNextJobGetsANewManager() {
		get("/save?id=2&text=original");
		String manager = get("/manager");
		ResponseEntity<String> duplicate = this.client.get("/duplicate?id=2");
		assertThat(duplicate.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(duplicate.getBody()).isEqualTo("rollback-only=true");
		assertThat(this.events.reboots()).singleElement().satisfies((event) -> {
			assertThat(event.reason()).isEqualTo(RebootReason.FORCED);
			assertThat(event.workerId()).isEqualTo(1);
		});
		assertThat(this.events.exceptions()).as("answered by the handler, not an exception").isEmpty();
		assertThat(WorkersJson.workers(new WorkersJson(this.actuator).get("/actuator/workers/default"))).singleElement()
			.satisfies((worker) -> assertThat(worker).containsEntry("lastRebootReason", "FORCED"));
		assertThat(get("/manager")).isNotEqualTo(manager);
		assertThat(get("/find?id=2")).isEqualTo("original");
	}

	@Test
	void aClosedManagerRebootsTheKernelAndTheNextJobGetsANewOne() {
		String manager = get("/manager");
		assertThat(get("/close")).isEqualTo("closed");
		assertThat(this.events.reboots()).singleElement()
			.satisfies((event) -> assertThat(event.reason()).isEqualTo(RebootReason.FORCED));
		assertThat(get("/manager")).isNotEqualTo(manager);
		assertThat(get("/find?id=3")).isEqualTo("none");
	}

	@Test
	void aTransactionLeftOpenIsRolledBackAndTheManagerKept() {
		String manager = get("/manager");
		assertThat(get("/leave-open?id=4&text=uncommitted")).isEqualTo("left open");
		assertThat(get("/find?id=4")).isEqualTo("none");
		assertThat(get("/manager")).isEqualTo(manager);
		assertThat(this.events.reboots()).isEmpty();
		get("/save?id=4&text=committed");
		assertThat(get("/find?id=4")).isEqualTo("committed");
	}

	@Test
	void aDeadConnectionHeldByTheKernelIsReplacedBeforeTheNextJobUsesIt() throws SQLException {
		String manager = get("/manager");
		String session = get("/session");
		abortSession(session);
		String next = get("/session");
		assertThat(next).as("a new connection").isNotEqualTo(session);
		assertThat(get("/manager")).as("the same manager").isEqualTo(manager);
		assertThat(this.events.reboots()).isEmpty();
		assertThat(this.events.exceptions()).isEmpty();
	}

	// Kills the H2 session of the connection the kernel holds, as a database restart or
	// an
	// idle timeout would, from a connection of its own.
	private void abortSession(String session) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CALL ABORT_SESSION(" + Integer.parseInt(session) + ")");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WorkerEntityManagerConfiguration.class)
	static class App {

	}

}
