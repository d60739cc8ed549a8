package dev.workerstarter.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.workerstarter.dashboard.internal.DashboardSampler;
import dev.workerstarter.dashboard.internal.PoolSnapshot;

/**
 * {@link WebEndpoint @WebEndpoint} that serves the live workers dashboard: {@code GET
 * /actuator/workerdashboard} (the page), {@code GET /actuator/workerdashboard/history}
 * (each pool's recent samples and reboots, as JSON) and the page's script and style
 * sheet. As an actuator endpoint it is exposed, limited and secured like the others; the
 * page reads the {@code workers} and {@code workerjobs} endpoints beside it.
 */
@WebEndpoint(id = "workerdashboard")
public class WorkerDashboardEndpoint {

	/** Where the page and its assets are on the classpath, out of WebFlux's reach. */
	static final String ASSETS = "dev/workerstarter/dashboard/";

	private static final String HISTORY = "history";

	private static final String UTF_8 = "UTF-8";

	// The only assets served: any other name is not found.
	private static final Map<String, MimeType> PARTS = Map.of("dashboard.js",
			new MimeType("text", "javascript", StandardCharsets.UTF_8), "dashboard.css",
			new MimeType("text", "css", StandardCharsets.UTF_8));

	private final DashboardSampler sampler;

	/**
	 * Creates the endpoint.
	 * @param sampler the sampler of the pools' history
	 */
	public WorkerDashboardEndpoint(DashboardSampler sampler) {
		this.sampler = sampler;
	}

	/**
	 * Returns the page.
	 * @return the page's HTML
	 */
	@ReadOperation(produces = "text/html;charset=" + UTF_8)
	public Resource page() {
		return new ClassPathResource(ASSETS + "dashboard.html");
	}

	/**
	 * Returns the pools' history, or one of the page's assets.
	 * @param part {@code history}, {@code dashboard.js} or {@code dashboard.css}
	 * @return the history or the asset, not found for any other name
	 */
	@ReadOperation(produces = { "application/json", "text/javascript;charset=" + UTF_8, "text/css;charset=" + UTF_8 })
	public WebEndpointResponse<Object> part(@Selector String part) {
		if (HISTORY.equals(part)) {
			return new WebEndpointResponse<>(history(), MimeTypeUtils.APPLICATION_JSON);
		}
		MimeType type = PARTS.get(part);
		return (type != null) ? new WebEndpointResponse<>(new ClassPathResource(ASSETS + part), type)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/**
	 * Returns the pools' history.
	 * @return every pool's recent samples and reboots
	 */
	public HistoryDescriptor history() {
		return new HistoryDescriptor(this.sampler.window().interval(), this.sampler.window().history(),
				this.sampler.history());
	}

	/**
	 * The pools' recent history.
	 *
	 * @param sampleInterval the time between two samples
	 * @param history how far back the samples go
	 * @param pools each pool's jobs, reboots by reason and samples, by name, the default
	 * pool first
	 */
	public record HistoryDescriptor(Duration sampleInterval, Duration history,
			Map<String, PoolSnapshot> pools) implements OperationResponseBody {
	}

}
