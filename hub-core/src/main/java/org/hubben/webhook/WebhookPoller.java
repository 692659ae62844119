package org.hubben.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link WebhookSender} every {@link WebhookProperties#pollInterval()} on every
 * node while the application runs; the conditional claims keep the nodes from sending a
 * call twice. A pass that is still running when the next is due is skipped.
 */
class WebhookPoller implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WebhookPoller.class);

	private final WebhookSender sender;

	private final WebhookProperties properties;

	private volatile Disposable running;

	WebhookPoller(WebhookSender sender, WebhookProperties properties) {
		this.sender = sender;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = Flux.interval(this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> this.sender.sendDue().onErrorResume((ex) -> {
				logger.warn("A pass of the webhook sender failed; the next one tries again", ex);
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
