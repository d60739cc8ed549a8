package dev.workerstarter.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium, against a real application on a random port:
 * workers turn busy with held requests and idle again, the numbers move under traffic,
 * and the reset button reboots every worker.
 */
class DashboardBrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static final int WORKERS = 3;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static WebDriver driver;

	@BeforeAll
	static void startTheBrowser() {
		assumeTrue(Files.isExecutable(CHROMIUM), "Skipping the dashboard browser test: no chromium at " + CHROMIUM
				+ " (Debian package chromium; .ci/run installs it)");
		assumeTrue(Files.isExecutable(CHROMEDRIVER), "Skipping the dashboard browser test: no chromedriver at "
				+ CHROMEDRIVER + " (Debian package chromium-driver; .ci/run installs it)");
		// Both paths given, so that Selenium Manager never looks for a browser online.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
		driver = new ChromeDriver(service, options);
	}

	@AfterAll
	static void quitTheBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@Test
	void showsWorkersLiveAndResetsThemFromThePage() throws IOException {
		Holds holds = new Holds();
		try (ConfigurableApplicationContext app = start(holds,
				"management.endpoints.web.exposure.include=workers," + "workerdashboard")) {
			WebClient client = WebClient.create("http://localhost:" + port(app));
			Disposable traffic = traffic(client);
			List<Disposable> held = new ArrayList<>();
			try {
				driver.get("http://localhost:" + port(app) + "/actuator/workerdashboard");
				until((d) -> workers().size() == WORKERS);
				// History first, so the sparklines have something to draw.
				until((d) -> sparkPoints("throughput") >= 8 && jobs() > 0);

				for (int i = 1; i <= WORKERS; i++) {
					held.add(client.get().uri("/held/{id}", i).retrieve().bodyToMono(String.class).subscribe());
				}
				until((d) -> workers().stream()
					.allMatch((row) -> "BUSY".equals(row.getAttribute("data-state"))
							&& text(row, "work").equals("http GET /held/{id}")
							&& text(row, "elapsed").matches("[0-9.]+ (ms|s)")));
				// The queue shows at once, and in the history once sampled.
				until((d) -> Integer.parseInt(poolText("waiting")) > 0);
				until((d) -> Integer.parseInt(poolText("waiting-now")) > 0);
				screenshot();

				long jobsBefore = jobs();
				holds.release();
				until((d) -> workers().stream().noneMatch((row) -> text(row, "work").contains("/held/")));
				until((d) -> jobs() > jobsBefore + WORKERS);
				assertThat(driver.findElements(By.cssSelector("[data-notice]"))).isEmpty();

				Map<Integer, Integer> bootsBefore = kernelBoots();
				driver.findElement(By.cssSelector("button[data-action=reset][data-pool=default]")).click();
				until((d) -> "ok".equals(resetResult().getAttribute("data-status")));
				assertThat(resetResult().getText()).startsWith("rebooted 1, 2, 3 · skipped none · took ");
				until((d) -> workers().stream().allMatch((row) -> text(row, "last-reboot").startsWith("RESET at ")));
				until((d) -> kernelBoots().entrySet()
					.stream()
					.allMatch((boots) -> boots.getValue() == bootsBefore.get(boots.getKey()) + 1));
				until((d) -> poolText("reboots").equals("RESET 3"));

				Map<String, Object> pool = client.get()
					.uri("/actuator/workers/default")
					.retrieve()
					.bodyToMono(JSON)
					.block(DEADLINE);
				assertThat(pool).isNotNull();
				@SuppressWarnings("unchecked")
				List<Map<String, Object>> workers = (List<Map<String, Object>>) pool.get("workers");
				assertThat(workers).hasSize(WORKERS)
					.allSatisfy((worker) -> assertThat(worker).containsEntry("lastRebootReason", "RESET")
						.containsEntry("kernelBoots", bootsBefore.get((Integer) worker.get("id")) + 1));
			}
			finally {
				holds.release();
				traffic.dispose();
				held.forEach(Disposable::dispose);
			}
		}
	}

	@Test
	void namesTheKeyToSetWhenTheWorkersEndpointIsNotExposed() {
		try (ConfigurableApplicationContext app = start(new Holds(),
				"management.endpoints.web.exposure.include=workerdashboard")) {
			driver.get("http://localhost:" + port(app) + "/actuator/workerdashboard");
			until((d) -> d.findElements(By.cssSelector("[data-notice=workers]"))
				.stream()
				.anyMatch((notice) -> notice.getText().contains("management.endpoints.web.exposure.include=workers")));
			assertThat(driver.findElement(By.cssSelector("[data-notice=workers]")).getText())
				.startsWith("The workers endpoint answered 404");
		}
	}

	private static ConfigurableApplicationContext start(Holds holds, String exposure) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("holds", holds))
			.properties("server.port=0", "worker.pool.size=" + WORKERS, "worker.dashboard.enabled=true",
					"worker.dashboard.sample-interval=250ms", "worker.dashboard.history=1m", exposure)
			.run();
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	// A steady stream of quick requests, at most four in flight.
	private static Disposable traffic(WebClient client) {
		return Flux.interval(Duration.ofMillis(10))
			.onBackpressureDrop()
			.flatMap((i) -> client.get()
				.uri("/quick")
				.retrieve()
				.bodyToMono(String.class)
				.onErrorResume((ex) -> Mono.empty()), 4)
			.subscribe();
	}

	private static void until(Function<WebDriver, Boolean> condition) {
		new WebDriverWait(driver, DEADLINE).pollingEvery(Duration.ofMillis(100))
			.ignoring(StaleElementReferenceException.class)
			.ignoring(NumberFormatException.class)
			.until(condition::apply);
	}

	private static List<WebElement> workers() {
		return driver.findElements(By.cssSelector("tr[data-pool=default][data-worker]"));
	}

	private static String text(WebElement row, String field) {
		return row.findElement(By.cssSelector("[data-field='" + field + "']")).getText();
	}

	private static WebElement pool() {
		return driver.findElement(By.cssSelector("section[data-pool=default]"));
	}

	private static String poolText(String field) {
		return text(pool(), field);
	}

	private static long jobs() {
		return Long.parseLong(poolText("jobs"));
	}

	private static WebElement resetResult() {
		return pool().findElement(By.cssSelector("[data-field=reset-result]"));
	}

	private static int sparkPoints(String spark) {
		String points = pool().findElement(By.cssSelector("svg[data-spark='" + spark + "'] polyline"))
			.getAttribute("points");
		return (points == null || points.isBlank()) ? 0 : points.trim().split(" ").length;
	}

	private static Map<Integer, Integer> kernelBoots() {
		Map<Integer, Integer> boots = new HashMap<>();
		for (WebElement row : workers()) {
			boots.put(Integer.valueOf(row.getAttribute("data-worker")),
					Integer.valueOf(row.getAttribute("data-kernel-boots")));
		}
		return boots;
	}

	private static void screenshot() throws IOException {
		Path target = Path.of("target/dashboard.png");
		Files.createDirectories(target.getParent());
		Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HeldController.class)
	static class App {

	}

	/** Holds the {@code /held/{id}} requests until released. */
	static final class Holds {

		private final CountDownLatch latch = new CountDownLatch(1);

		void await() throws InterruptedException {
			this.latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		}

		void release() {
			this.latch.countDown();
		}

	}

	@RestController
	static class HeldController {

		private final Holds holds;

		HeldController(Holds holds) {
			this.holds = holds;
		}

		// Blocking, so each runs on its worker's thread for as long as it is held.
		@GetMapping("/held/{id}")
		String held(@PathVariable String id) throws InterruptedException {
			this.holds.await();
			return id;
		}

		@GetMapping("/quick")
		String quick() {
			return "ok";
		}

	}

}
