package org.hubben;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts Hubben: the JSON API, the team's pages, the scheduler and, in the embedded
 * default, the emulators.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Hubben {

	private static final String KEEP_ALIVE_FIX = "reactor.netty.http.server.lastFlushWhenNoRead";

	static {
		// Reactor Netty 1.3.6 can stop reading a keep-alive connection when a browser
		// sends its next request before the previous one's operations have terminated
		// (reactor/reactor-netty#4361): a page or its stylesheet then hangs for
		// minutes. Terminating each response before the next request is looked at
		// closes that route. It is read once, when the server's classes load, so it is
		// set here, before any server starts; an operator's own -D setting wins.
		if (System.getProperty(KEEP_ALIVE_FIX) == null) {
			System.setProperty(KEEP_ALIVE_FIX, "true");
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(Hubben.class, args);
	}

}
