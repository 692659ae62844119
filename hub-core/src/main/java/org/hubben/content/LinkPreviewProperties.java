package org.hubben.content;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.link-preview.*}: which hosts Hubben fetches link previews from although
 * their addresses are on a private network.
 *
 * @param allowedHosts host names (or addresses) the operator trusts, such as the home
 * site's when it runs inside the organisation's network: {@code www.example.org} lifts
 * the address checks for that host on ports 80 and 443; {@code intranet.example:8080}
 * also allows that one port. Empty by default: every address is checked.
 */
@ConfigurationProperties("hubben.link-preview")
public record LinkPreviewProperties(@DefaultValue List<String> allowedHosts) {

	public LinkPreviewProperties {
		allowedHosts = (allowedHosts != null) ? List.copyOf(allowedHosts) : List.of();
	}

}
