package dev.workerstarter.integration.jpa;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many concurrent requests over a small pool, each using its worker's
 * {@code EntityManager}: commits, duplicates that leave it rollback-only, transactions
 * left open and closed managers, all answered as the handlers mean, with every worker and
 * every connection given back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=3")
@ExtendWith(PoolClientExtension.class)
class WorkerEntityManagerConcurrencyIntegrationTests {

	private static final int REQUESTS = 300;

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	EntityManagerFactory entityManagerFactory;

	@Autowired
	DataSource dataSource;

	@Test
	void concurrentRequestsNeverFailNorLeakAWorkerOrAConnection(PoolClient client) throws SQLException {
		assertThat(client.get("/save?id=1&text=taken").getStatusCode().value()).isEqualTo(200);
		this.events.clear();

		List<String> outcomes = Flux.range(0, REQUESTS)
			.flatMap((i) -> client.web()
				.get()
				.uri(path(i))
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map((body) -> kind(i) + " " + response.statusCode().value() + " " + body)), 60)
			.collectList()
			.block(Duration.ofSeconds(60));
		client.awaitIdle();

		assertThat(outcomes).hasSize(REQUESTS)
			.allSatisfy((outcome) -> assertThat(outcome).isIn("save 200 saved", "duplicate 409 rollback-only=true",
					"open 200 left open", "close 200 closed"));
		long unusable = outcomes.stream().filter((o) -> o.startsWith("duplicate") || o.startsWith("close")).count();
		assertThat(this.events.reboots()).hasSize((int) unusable)
			.allSatisfy((event) -> assertThat(event.reason()).isEqualTo(RebootReason.FORCED));
		assertThat(this.events.exceptions()).isEmpty();
		assertThat(this.pool.idleCount()).isEqualTo(this.pool.size());
		assertThat(committedNotes()).isEqualTo(1 + outcomes.stream().filter((o) -> o.startsWith("save")).count());
		// each kernel holds at most the one connection its manager keeps
		assertThat(this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().getActiveConnections())
			.isLessThanOrEqualTo(this.pool.size());
	}

	private static String kind(int i) {
		return switch (i % 20) {
			case 3, 13 -> "duplicate";
			case 5, 15 -> "open";
			case 7 -> "close";
			default -> "save";
		};
	}

	private static String path(int i) {
		long id = 1000 + i;
		return switch (kind(i)) {
			case "duplicate" -> "/duplicate?id=1";
			case "open" -> "/leave-open?id=" + id + "&text=open";
			case "close" -> "/close";
			default -> "/save?id=" + id + "&text=saved";
		};
	}

	private long committedNotes() {
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			return entityManager.createQuery("select count(n) from Note n", Long.class).getSingleResult();
		}
		finally {
			entityManager.close();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WorkerEntityManagerConfiguration.class)
	static class App {

	}

}
