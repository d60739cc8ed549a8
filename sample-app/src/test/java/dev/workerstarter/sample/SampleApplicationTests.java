package dev.workerstarter.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@AutoConfigureMetrics
class SampleApplicationTests {

	private static final int REQUESTS = 50;

	private static final int POOL_SIZE = 4;

	private static final String[] ITEMS = { "coffee", "tea", "bagel", "water" };

	@Autowired
	private WebTestClient client;

	@Test
	void concurrentRequestsGetUngarbledReceiptsFromTheirOwnWorkers() {
		List<Object> results = Flux.range(0, REQUESTS)
			.flatMap((i) -> Mono.fromCallable(() -> (i % 2 == 0) ? receipt(i) : whoami())
				.subscribeOn(Schedulers.boundedElastic()), REQUESTS)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(results).hasSize(REQUESTS);
	}

	private Object receipt(int i) {
		String item = ITEMS[i % ITEMS.length];
		int qty = i + 1;
		EntityExchangeResult<String> result = this.client.get()
			.uri((uri) -> uri.path("/receipt").queryParam("item", item).queryParam("qty", qty).build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		assertWorkerHeaders(result);
		assertThat(result.getResponseBody()).isEqualTo(expectedReceipt(item, qty));
		return result.getResponseBody();
	}

	private Object whoami() {
		EntityExchangeResult<Map<String, Object>> result = this.client.get()
			.uri("/whoami")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult();
		assertWorkerHeaders(result);
		Map<String, Object> body = result.getResponseBody();
		assertThat(body).containsKeys("workerId", "jobNumber", "formatterInstanceId", "thread");
		assertThat(((Number) body.get("workerId")).intValue()).isBetween(1, POOL_SIZE);
		assertThat(((Number) body.get("jobNumber")).longValue()).isPositive();
		assertThat(body.get("thread")).asString().startsWith("worker-" + body.get("workerId") + "-kernel-");
		assertThat(result.getResponseHeaders().getFirst("X-Worker-Id")).isEqualTo(body.get("workerId").toString());
		return body;
	}

	private static void assertWorkerHeaders(EntityExchangeResult<?> result) {
		String workerId = result.getResponseHeaders().getFirst("X-Worker-Id");
		assertThat(workerId).isNotNull();
		assertThat(Integer.parseInt(workerId)).isBetween(1, POOL_SIZE);
		assertThat(result.getResponseHeaders().getFirst("X-Worker-Job")).isNotNull();
	}

	private static String expectedReceipt(String item, int qty) {
		int unit = switch (item) {
			case "coffee" -> 250;
			case "tea" -> 180;
			case "bagel" -> 310;
			default -> 100;
		};
		return "RECEIPT\n" + qty + " x " + item + " @ " + money(unit) + "\nTOTAL " + money(qty * unit) + "\n";
	}

	private static String money(int cents) {
		return String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
	}

	@Test
	void operatorsSeeTheWorkersTheirHealthAndTheDashboard() {
		this.client.get()
			.uri("/actuator/workers")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pools.default.state")
			.isEqualTo("RUNNING")
			.jsonPath("$.pools.default.size")
			.isEqualTo(4)
			.jsonPath("$.pools.default.workers.length()")
			.isEqualTo(4)
			.jsonPath("$.pools.default.workers[0].id")
			.isEqualTo(1)
			.jsonPath("$.pools.reports.size")
			.isEqualTo(2);
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.workers.status")
			.isEqualTo("UP")
			.jsonPath("$.components.workers.components.reports.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/workerdashboard")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		this.client.get()
			.uri("/actuator/workerdashboard/history")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pools.reports")
			.exists();
	}

	@Test
	void reportsRunOnTheirOwnPoolWithAFreshKernelEachTime() {
		Map<String, Object> report = this.client.get()
			.uri("/reports/receipts?items=tea,bagel")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(report).containsEntry("pool", "reports");
		assertThat(report.get("thread")).asString().startsWith("worker-reports-");
		assertThat(report.get("receipts")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2);

		List<Map<String, Object>> batch = this.client.get()
			.uri("/receipts/batch?items=coffee,tea,water")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(batch).hasSize(3).allSatisfy((receipt) -> {
			assertThat(receipt).containsEntry("pool", "reports");
			assertThat(receipt.get("receipt")).asString().isNotBlank();
		});
	}

	@Test
	void prometheusShowsThePoolAndTheDeclaredMetrics() {
		this.client.get().uri("/receipt?item=bagel&qty=3").exchange().expectStatus().isOk();
		this.client.get().uri("/receipt?item=caviar&qty=1").exchange().expectStatus().isOk();
		String scrape = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape).contains("worker_pool_size{pool=\"default\"} 4.0")
			.contains("worker_pool_size{pool=\"reports\"} 2.0")
			.contains("worker_job_duration_seconds_count{outcome=\"success\",pool=\"default\"}")
			.contains("# HELP receipts_total Receipts formatted, by item")
			.containsPattern("receipts_total\\{item=\"bagel\"} [1-9]")
			.containsPattern("receipts_total\\{item=\"other\"} [1-9]")
			.containsPattern("receipt_quantity_bucket\\{le=\"5.0\"} [1-9]");
	}

	@Test
	void salesRecordedBySomeWorkersAreReadByAnyWorker() {
		List<Map<String, Object>> recorded = Flux.range(0, 20)
			.flatMap((i) -> Mono.fromCallable(() -> recordSale(ITEMS[i % ITEMS.length], i + 1))
				.subscribeOn(Schedulers.boundedElastic()), 20)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(recorded).hasSize(20);
		for (Map<String, Object> sale : recorded) {
			Map<String, Object> read = this.client.get()
				.uri("/sales/{id}", sale.get("id"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult()
				.getResponseBody();
			assertThat(read).containsEntry("id", sale.get("id"))
				.containsEntry("item", sale.get("item"))
				.containsEntry("quantity", sale.get("quantity"));
			assertThat(((Number) read.get("workerId")).intValue()).isBetween(1, POOL_SIZE);
		}
		Long count = this.client.get()
			.uri("/sales/count")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Long.class)
			.returnResult()
			.getResponseBody();
		assertThat(count).isGreaterThanOrEqualTo(20);
		this.client.get().uri("/sales/999999").exchange().expectStatus().isNotFound();
	}

	private Map<String, Object> recordSale(String item, int qty) {
		Map<String, Object> sale = this.client.post()
			.uri((uri) -> uri.path("/sales").queryParam("item", item).queryParam("qty", qty).build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(sale).containsEntry("item", item).containsEntry("quantity", qty).containsKey("id");
		return sale;
	}

	@Test
	void boomAnswers500AndTheAppKeepsServing() {
		this.client.get().uri("/boom").exchange().expectStatus().is5xxServerError();
		this.client.get()
			.uri("/receipt?item=tea&qty=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("RECEIPT\n2 x tea @ 1.80\nTOTAL 3.60\n");
	}

}
