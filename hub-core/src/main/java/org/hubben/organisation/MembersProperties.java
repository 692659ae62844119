package org.hubben.organisation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hubben.members.*}: how long invitation and reset links live, when a page session
 * expires, and how many failed logins are allowed.
 *
 * @param invitationTtl how long an invitation link works
 * @param passwordResetTtl how long a password-reset link works
 * @param sessionIdleTimeout a page session with no request for this long ends
 * @param sessionLifetime a page session ends this long after its login, however busy
 * @param loginWindow the window in which failed logins are counted
 * @param loginFailuresPerUsername failed logins for one username within the window after
 * which further attempts are refused
 * @param loginFailuresPerAddress failed logins from one client address within the window
 * after which further attempts are refused
 */
@ConfigurationProperties("hubben.members")
public record MembersProperties(@DefaultValue("7d") Duration invitationTtl,
		@DefaultValue("24h") Duration passwordResetTtl, @DefaultValue("30m") Duration sessionIdleTimeout,
		@DefaultValue("12h") Duration sessionLifetime, @DefaultValue("15m") Duration loginWindow,
		@DefaultValue("5") int loginFailuresPerUsername, @DefaultValue("20") int loginFailuresPerAddress) {

}
