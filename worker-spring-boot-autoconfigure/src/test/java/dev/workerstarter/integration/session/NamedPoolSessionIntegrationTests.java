package dev.workerstarter.integration.session;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpMethod;

import dev.workerstarter.integration.session.SessionIntegrationTests.Reply;
import dev.workerstarter.integration.session.SessionIntegrationTests.SessionClient;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions on a named pool larger than the default one, whose worker ids the default pool
 * does not have, and whose worker 1 is not the default pool's worker 1.
 */
@SpringBootTest(classes = SessionApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pools.visits.size=3", "worker.pools.visits.paths=/visit/**" })
@ExtendWith(PoolClientExtension.class)
class NamedPoolSessionIntegrationTests {

	@Test
	void clientsOnBothPoolsSeeOnlyTheirOwnSessions(PoolClient poolClient) {
		SessionClient alice = new SessionClient(poolClient.web(), "alice");
		SessionClient bob = new SessionClient(poolClient.web(), "bob");
		alice.login("/login/blocking");
		bob.login("/login/reactive");
		int rounds = 60;
		List<Reply> replies = Flux.range(0, 2 * rounds)
			.flatMap((i) -> ((i % 2 == 0) ? alice : bob).send(HttpMethod.GET,
					((i / 2) % 2 == 0) ? "/visit/reactive" : "/visit/blocking"), 12)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(replies).hasSize(2 * rounds).allSatisfy((reply) -> {
			assertThat(reply.status()).as(reply.body()).isEqualTo(200);
			assertThat(reply.visit().ownerSeenByHandler()).isEqualTo(reply.user());
			assertThat(reply.visit().principalSeenByHandler()).isEqualTo(reply.user());
		});
		assertThat(replies).extracting((reply) -> reply.visit().ledger())
			.as("the visits ran on several workers of the visits pool")
			.hasSizeGreaterThan(1);
	}

}
