package dev.workerstarter.timer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import dev.workerstarter.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A single-instance timer on two instances of an application that share a lock store: the
 * suite's real Redis server, or one H2 database with ShedLock's table. Runs never overlap
 * across the instances, the starts that find the lock held are counted, and once an
 * instance stops the other runs the timer alone.
 */
class SingleInstanceTimersIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	// what the two instances' runs share: they are in this JVM
	static final AtomicInteger running = new AtomicInteger();

	static final AtomicInteger mostAtOnce = new AtomicInteger();

	static final Map<String, AtomicInteger> runsByInstance = new ConcurrentHashMap<>();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeEach
	void resetLedger() {
		running.set(0);
		mostAtOnce.set(0);
		runsByInstance.clear();
	}

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void runsOnOneInstanceAtATimeThroughRedis() {
		String environment = "test-" + UUID.randomUUID();
		List<String> properties = new ArrayList<>(List.of(TestRedis.properties(TestRedis.keyPrefix())));
		properties.add("worker.tasks.lock.environment=" + environment);
		// auto: the RedisConnectionFactory is chosen over the DataSource there also is
		assertRunsOnOneInstanceAtATime(properties.toArray(String[]::new));
	}

	@Test
	void runsOnOneInstanceAtATimeThroughJdbc() throws SQLException {
		String url = "jdbc:h2:mem:shedlock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE shedlock(name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL, "
					+ "locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))");
		}
		assertRunsOnOneInstanceAtATime("spring.datasource.url=" + url, "spring.datasource.username=sa",
				"worker.tasks.lock.provider=jdbc");
	}

	private void assertRunsOnOneInstanceAtATime(String... properties) {
		ConfigurableApplicationContext a = start("a", properties);
		ConfigurableApplicationContext b = start("b", properties);

		await().atMost(TIMEOUT).until(() -> runs("a") + runs("b") >= 20);
		await().atMost(TIMEOUT).until(() -> skipped(a) + skipped(b) > 0);
		assertThat(mostAtOnce).as("runs at once over both instances").hasValue(1);

		// once an instance stops, the other runs the timer alone
		a.close();
		int runsOfA = runs("a");
		int runsOfB = runs("b");
		await().atMost(TIMEOUT).until(() -> runs("b") >= runsOfB + 10);
		assertThat(runs("a")).isEqualTo(runsOfA);
		assertThat(mostAtOnce).hasValue(1);
	}

	private static int runs(String instance) {
		AtomicInteger runs = runsByInstance.get(instance);
		return (runs != null) ? runs.get() : 0;
	}

	private static double skipped(ConfigurableApplicationContext instance) {
		Counter counter = instance.getBean(MeterRegistry.class)
			.find("worker.timers.skipped")
			.tag("timer", "exclusive")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private ConfigurableApplicationContext start(String instance, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.REACTIVE)
			.properties(properties)
			.properties("server.port=0", "worker.pool.size=2", "test.instance=" + instance,
					"spring.main.banner-mode=off")
			.run();
		this.instances.add(context);
		return context;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Exclusive.class)
	static class Application {

	}

	@Component
	static class Exclusive {

		private final String instance;

		Exclusive(@Value("${test.instance}") String instance) {
			this.instance = instance;
		}

		@WorkerTimer(name = "exclusive", fixedRate = "10ms", singleInstance = true)
		void run() throws InterruptedException {
			mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				runsByInstance.computeIfAbsent(this.instance, (name) -> new AtomicInteger()).incrementAndGet();
				// the run's work: long enough for the other instance's starts to fall in
				// it
				Thread.sleep(15);
			}
			finally {
				running.decrementAndGet();
			}
		}

	}

}
