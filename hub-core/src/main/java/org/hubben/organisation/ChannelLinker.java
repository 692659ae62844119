package org.hubben.organisation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hubben.connector.AccountLinking;
import org.hubben.connector.AuthorisationFailed;
import org.hubben.connector.ConnectorException;
import org.hubben.connector.LinkStart;
import org.hubben.connector.LinkedAccount;
import org.hubben.connector.Platform;
import org.hubben.organisation.LinkRefused.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.stereotype.Service;

/**
 * Connects accounts to an organisation through their platform's {@link AccountLinking}:
 * {@link #start} sends the member to the platform, {@link #finish} takes the platform's
 * answer and offers the accounts it names, {@link #confirm} connects (or reconnects) the
 * ones the member chose, through {@link ChannelRegistrar}.
 *
 * <p>
 * Between the steps nothing is kept in memory: the connection is a {@link PendingLink}
 * row (the state's hash, the platform's secrets and the offered accounts encrypted), so
 * any node can take any step. It is valid for {@link #VALID_FOR}, belongs to the member
 * who started it, and each step happens once. Failures are {@link LinkRefused} errors
 * with a message for the member. Every method is non-blocking.
 */
@Service
public class ChannelLinker {

	/** How long a started connection can be finished and confirmed. */
	public static final Duration VALID_FOR = Duration.ofMinutes(15);

	private static final Logger logger = LoggerFactory.getLogger(ChannelLinker.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final PendingLinks links;

	private final R2dbcEntityTemplate template;

	private final Map<Platform, AccountLinking> linkings = new EnumMap<>(Platform.class);

	private final ChannelRegistrar registrar;

	private final Channels channels;

	private final Organisations organisations;

	private final CredentialCipher cipher;

	private final JsonMapper json;

	private final Clock clock;

	ChannelLinker(PendingLinks links, R2dbcEntityTemplate template, List<AccountLinking> linkings,
			ChannelRegistrar registrar, Channels channels, Organisations organisations, CredentialCipher cipher,
			JsonMapper json, Clock clock) {
		this.links = links;
		this.template = template;
		this.registrar = registrar;
		this.channels = channels;
		this.organisations = organisations;
		this.cipher = cipher;
		this.json = json;
		this.clock = clock;
		for (AccountLinking linking : linkings) {
			AccountLinking previous = this.linkings.put(linking.platform(), linking);
			if (previous != null) {
				throw new IllegalStateException("Two account linkings for " + linking.platform() + ": "
						+ previous.getClass().getName() + " and " + linking.getClass().getName());
			}
		}
	}

	/**
	 * @return the platforms whose accounts can be connected, in {@link Platform} order
	 */
	public List<Platform> platforms() {
		return List.copyOf(this.linkings.keySet());
	}

	/**
	 * Starts connecting an account of a platform to the member's organisation.
	 * @param member who connects; must be an {@link Role#ADMIN administrator}
	 * @param platform the platform
	 * @param callback where the platform must send the member back, the same URL for
	 * {@link #finish}
	 * @return where to send the member's browser; a {@link LinkRefused} error when they
	 * may not, the platform has no linking, or the platform could not be asked
	 */
	public Mono<URI> start(Member member, Platform platform, URI callback) {
		return Mono.defer(() -> {
			if (!member.role().may(Action.MANAGE_CHANNELS, Reach.OWN)) {
				return Mono.error(new LinkRefused(Reason.FORBIDDEN,
						"Only an administrator can connect channels; ask one of your organisation's administrators"));
			}
			AccountLinking linking = this.linkings.get(platform);
			if (linking == null) {
				return Mono.error(new LinkRefused(Reason.UNSUPPORTED,
						"Hubben cannot connect " + platform.displayName() + " accounts yet"));
			}
			Instant now = this.clock.instant();
			String state = randomState();
			return cleanUp(now).then(linking.start(callback, state))
				.onErrorMap(ConnectorException.class, (ex) -> refusal("could not start", ex))
				.flatMap((started) -> {
					UUID id = UUID.randomUUID();
					PendingLink link = new PendingLink(id, hash(state), platform, member.organisationId(), member.id(),
							callback.toString(), seal(id, new Started(started.authoriseUrl(), started.secrets())), null,
							now, null);
					return this.template.insert(link).thenReturn(started.authoriseUrl());
				});
		});
	}

	/**
	 * Takes the platform's answer: checks that it carries the state of a connection this
	 * member started with this platform in the last {@link #VALID_FOR} and not yet
	 * answered, and lets the platform's linking exchange it for accounts.
	 * @param member who the platform sent back
	 * @param platform the platform the callback names
	 * @param callbackParameters the query parameters the platform added
	 * @return the accounts to confirm; a {@link LinkRefused} error for a stale, used or
	 * foreign state ({@link Reason#STALE}), a declined or refused authorisation
	 * ({@link Reason#DECLINED}) or a platform that failed ({@link Reason#UNAVAILABLE})
	 */
	public Mono<LinkOffer> finish(Member member, Platform platform, Map<String, String> callbackParameters) {
		return Mono.defer(() -> {
			String state = callbackParameters.get("state");
			if (state == null || state.isBlank()) {
				return Mono.error(stale(platform));
			}
			Instant now = this.clock.instant();
			return this.links.findByStateHash(hash(state))
				.filter((link) -> link.memberId().equals(member.id()) && link.platform() == platform
						&& link.finishedAt() == null && fresh(link, now))
				.switchIfEmpty(Mono.error(() -> stale(platform)))
				.flatMap((link) -> this.links.claimFinish(link.id(), now)
					.filter((claimed) -> claimed == 1)
					.switchIfEmpty(Mono.error(() -> stale(platform)))
					.then(finish(link, state, callbackParameters)));
		});
	}

	private Mono<LinkOffer> finish(PendingLink link, String state, Map<String, String> callbackParameters) {
		AccountLinking linking = this.linkings.get(link.platform());
		return Mono.fromCallable(() -> unseal(link.id(), link.secrets(), Started.class))
			.flatMap((started) -> linking.finish(
					new LinkStart(link.platform(), started.authoriseUrl(), state, started.secrets()),
					callbackParameters, URI.create(link.callbackUrl())))
			.flatMap((accounts) -> {
				if (accounts.isEmpty()) {
					return Mono.error(new AuthorisationFailed(link.platform(),
							link.platform().displayName() + " offered no account to connect"));
				}
				return this.links.storeAccounts(link.id(), seal(link.id(), accounts.toArray(LinkedAccount[]::new)))
					.then(offer(link, accounts));
			})
			.onErrorResume(ConnectorException.class,
					(ex) -> this.links.deleteById(link.id()).then(Mono.error(refusal("did not connect", ex))));
	}

	/**
	 * @return the offer of a finished connection of this member, again; a
	 * {@link LinkRefused} error ({@link Reason#STALE}) when there is none
	 */
	public Mono<LinkOffer> offer(Member member, UUID offerId) {
		return finished(member, offerId).flatMap((link) -> offer(link, accountsOf(link)));
	}

	/**
	 * Connects the chosen accounts of a finished connection to the organisation: each a
	 * new channel, or its existing channel reconnected. The connection is used up. The
	 * member saw each account's name on the confirmation, so each chosen channel is
	 * recorded as verified as the organisation's own by them, now, under that name.
	 * @param member who confirms; the member who started it
	 * @param offerId the offer
	 * @param accountIds the accounts chosen among those offered
	 * @return one event per connected channel, in the platform's order; a
	 * {@link LinkRefused} error when nothing was chosen ({@link Reason#NOTHING_CHOSEN};
	 * the offer stays) or the offer is stale, used or foreign ({@link Reason#STALE})
	 */
	public Mono<List<ChannelConnected>> confirm(Member member, UUID offerId, Collection<String> accountIds) {
		return finished(member, offerId).flatMap((link) -> {
			List<LinkedAccount> chosen = accountsOf(link).stream()
				.filter((account) -> accountIds.contains(account.accountId()))
				.toList();
			if (chosen.isEmpty()) {
				return Mono.error(new LinkRefused(Reason.NOTHING_CHOSEN, "Choose at least one account to connect"));
			}
			return this.links.take(link.id(), member.id())
				.filter((taken) -> taken == 1)
				.switchIfEmpty(Mono.error(() -> stale(link.platform())))
				.thenMany(Flux.fromIterable(chosen)
					.concatMap((account) -> this.registrar.connect(link.organisationId(), account, member.username())))
				.collectList();
		});
	}

	/**
	 * Forgets connections started more than {@link #VALID_FOR} before the instant.
	 * @return how many were forgotten
	 */
	public Mono<Integer> cleanUp(Instant now) {
		return this.links.deleteCreatedBefore(now.minus(VALID_FOR));
	}

	private Mono<PendingLink> finished(Member member, UUID offerId) {
		Instant now = this.clock.instant();
		return this.links.findById(offerId)
			.filter((link) -> link.memberId().equals(member.id()) && link.accounts() != null && fresh(link, now))
			.switchIfEmpty(Mono.error(() -> stale(null)));
	}

	private Mono<LinkOffer> offer(PendingLink link, List<LinkedAccount> accounts) {
		return this.organisations.findById(link.organisationId())
			.flatMap((organisation) -> Flux.fromIterable(accounts)
				.concatMap((account) -> this.channels
					.findByOrganisationIdAndPlatformAndAccountId(link.organisationId(), link.platform(),
							account.accountId())
					.map((channel) -> new LinkOffer.Account(account.accountId(), account.name(), channel.id()))
					.defaultIfEmpty(new LinkOffer.Account(account.accountId(), account.name(), null)))
				.collectList()
				.map((offered) -> new LinkOffer(link.id(), link.platform(), organisation, offered)));
	}

	private List<LinkedAccount> accountsOf(PendingLink link) {
		return Arrays.asList(unseal(link.id(), link.accounts(), LinkedAccount[].class));
	}

	private static boolean fresh(PendingLink link, Instant now) {
		return link.createdAt().isAfter(now.minus(VALID_FOR));
	}

	private static LinkRefused stale(Platform platform) {
		String answer = (platform != null) ? "This answer from " + platform.displayName() : "This confirmation";
		return new LinkRefused(Reason.STALE,
				"Nothing was connected: " + answer
						+ " belongs to no connection you started in the last 15 minutes, or it was already used. "
						+ "Start again with Connect.");
	}

	private static LinkRefused refusal(String what, ConnectorException ex) {
		logger.info("{} {}: {}", ex.platform().displayName(), what, ex.getMessage());
		Reason reason = (ex instanceof AuthorisationFailed) ? Reason.DECLINED : Reason.UNAVAILABLE;
		return new LinkRefused(reason, "Nothing was connected: " + ex.getMessage());
	}

	private String seal(UUID id, Object value) {
		return this.cipher.encrypt(id, this.json.writeValueAsString(value));
	}

	private <T> T unseal(UUID id, String ciphertext, Class<T> type) {
		return this.json.readValue(this.cipher.decrypt(id, ciphertext), type);
	}

	private static String randomState() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String state) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * What {@link AccountLinking#start} returned that {@link AccountLinking#finish} needs
	 * again, besides the state.
	 */
	record Started(URI authoriseUrl, Map<String, String> secrets) {

	}

}
