package org.hubben.sharing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.hubben.connector.Platform;
import org.hubben.content.LinkBack;
import org.hubben.content.Post;
import org.hubben.content.PostEditor;
import org.hubben.organisation.Channel;
import org.hubben.organisation.Channels;
import org.hubben.organisation.HomeSites;
import org.hubben.organisation.Organisation;
import org.hubben.organisation.Organisations;
import org.hubben.publishing.Delivery;
import org.hubben.publishing.PublishedPost;
import org.hubben.publishing.PublishedPosts;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * What the public pages show: published posts, an organisation's recent posts, its
 * channel directory and its share kit. Every method is non-blocking and answers empty for
 * what does not exist or is not public (a post that has not gone out).
 */
@Service
public class HomeSite {

	/** How many posts an organisation's page, feed and kit show. */
	public static final int RECENT = 30;

	/** The {@code utm_source} of every link a supporter shares. */
	public static final String SUPPORTER = "supporter";

	private final PublishedPosts publishedPosts;

	private final Organisations organisations;

	private final Channels channels;

	private final HomeSites homeSites;

	private final PublicImages images;

	private final TipsEditor tips;

	private final PostEditor postEditor;

	HomeSite(PublishedPosts publishedPosts, Organisations organisations, Channels channels, HomeSites homeSites,
			PublicImages images, TipsEditor tips, PostEditor postEditor) {
		this.postEditor = postEditor;
		this.publishedPosts = publishedPosts;
		this.organisations = organisations;
		this.channels = channels;
		this.homeSites = homeSites;
		this.images = images;
		this.tips = tips;
	}

	/**
	 * @return the published post with everything its page and share kit show; empty when
	 * there is no such post or it has not gone out
	 */
	public Mono<PublicPost> post(String slug) {
		return this.publishedPosts.bySlug(slug)
			.flatMap((published) -> Mono.zip(this.organisations.findById(published.post().organisationId()),
					this.images.of(published.post()).collectList(),
					this.channels.findAllById(published.sent().stream().map(Delivery::channelId).distinct().toList())
						.collectMap(Channel::id, Function.identity()),
					this.postEditor.sourcesOf(published.post().id()))
				.map((all) -> {
					Post post = published.post();
					URI supporterLink = supporterLink(post);
					return new PublicPost(published, all.getT1(), this.homeSites.postPage(post.slug()),
							all.getT1().ownSite().orElse(null), all.getT2(), supporterLink,
							ShareSuggestions.of(post.title(), post.text(), supporterLink),
							placements(published, all.getT3()), all.getT4());
				}));
	}

	/**
	 * @return the organisation with its place in the tree and its latest published posts;
	 * empty when there is no such organisation
	 */
	public Mono<PublicOrganisation> organisation(String slug) {
		return this.organisations.findBySlug(slug)
			.flatMap((organisation) -> Mono
				.zip(ancestors(organisation),
						this.organisations.findByParentId(organisation.id())
							.sort(Comparator.comparing(Organisation::name))
							.collectList(),
						this.publishedPosts.latest(List.of(organisation.id()), false, RECENT).collectList())
				.map((all) -> new PublicOrganisation(organisation, all.getT1(), all.getT2(), all.getT3(),
						this.homeSites.organisationPage(organisation.slug()))));
	}

	/**
	 * @return every channel of the organisation, and those of the organisations above it;
	 * empty when there is no such organisation
	 */
	public Mono<ChannelDirectory> channels(String slug) {
		return this.organisations.findBySlug(slug)
			.flatMap((organisation) -> ancestors(organisation).flatMap((ancestors) -> {
				Mono<List<ListedChannel>> own = listed(organisation);
				Mono<List<ListedChannel>> above = Flux.fromIterable(ancestors)
					.concatMap((ancestor) -> listed(ancestor).flatMapMany(Flux::fromIterable))
					.collectList();
				return Mono.zip(own, above)
					.map((both) -> new ChannelDirectory(organisation, ancestors, both.getT1(), both.getT2()));
			}));
	}

	/**
	 * The organisation's share kit: its own published posts and those that the
	 * organisations above it shared, newest first.
	 * @return the kit; empty when there is no such organisation
	 */
	public Mono<OrganisationKit> kit(String slug) {
		return this.organisations.findBySlug(slug)
			.flatMap((organisation) -> ancestors(organisation).flatMap((ancestors) -> {
				Map<UUID, Organisation> byId = new java.util.HashMap<>();
				byId.put(organisation.id(), organisation);
				ancestors.forEach((ancestor) -> byId.put(ancestor.id(), ancestor));
				Flux<PublishedPost> own = this.publishedPosts.latest(List.of(organisation.id()), false, RECENT);
				Flux<PublishedPost> shared = this.publishedPosts
					.latest(ancestors.stream().map(Organisation::id).toList(), true, RECENT);
				return Flux.concat(own, shared)
					.collectList()
					.map((posts) -> posts.stream()
						.sorted(Comparator.comparing(PublishedPost::publishedAt).reversed())
						.limit(RECENT)
						.map((published) -> new KitPost(published, byId.get(published.post().organisationId()),
								!published.post().organisationId().equals(organisation.id())))
						.toList())
					.map((posts) -> new OrganisationKit(organisation, ancestors, posts));
			}));
	}

	/**
	 * @return the organisation and the tips it wrote ({@code null} when it wrote none);
	 * empty when there is no such organisation
	 */
	public Mono<OrganisationTips> tips(String slug) {
		return this.organisations.findBySlug(slug)
			.flatMap((organisation) -> this.tips.of(organisation.id())
				.map((tips) -> new OrganisationTips(organisation, tips))
				.defaultIfEmpty(new OrganisationTips(organisation, null)));
	}

	/**
	 * @return the tagged link a supporter shares: the post's own link when it has one,
	 * otherwise its page on Hubben, which carries the post's preview for every platform
	 */
	public URI supporterLink(Post post) {
		URI destination = (post.linkUri() != null) ? post.linkUri() : this.homeSites.postPage(post.slug());
		return LinkBack.tag(destination, SUPPORTER, post.slug());
	}

	/**
	 * A value that changes whenever anything public may have changed: a post went out, a
	 * channel was added or renamed, tips were edited. Cheap enough to ask every few
	 * seconds; no page is served from the database per request.
	 */
	public Mono<String> changeStamp() {
		Mono<String> channelStamp = this.channels.findAllByOrderByPlatformAscNameAsc()
			.map((channel) -> channel.id() + channel.name() + channel.accountId())
			.collectList()
			.map((all) -> all.size() + "#" + all.hashCode());
		return Mono
			.zip(this.publishedPosts.changeStamp(), channelStamp, this.tips.changeStamp(), this.organisations.count())
			.map((all) -> all.getT1() + "|" + all.getT2() + "|" + all.getT3() + "|" + all.getT4());
	}

	private Mono<List<ListedChannel>> listed(Organisation owner) {
		return this.channels.findByOrganisationIdOrderByPlatformAscNameAsc(owner.id())
			.map((channel) -> new ListedChannel(channel.platform(), channel.name(),
					ChannelLinks.profileOf(channel.platform(), channel.accountId()), owner))
			.collectList();
	}

	/**
	 * @return the organisations above, the nearest first
	 */
	private Mono<List<Organisation>> ancestors(Organisation organisation) {
		List<Organisation> found = new ArrayList<>();
		return Mono.justOrEmpty(organisation.parentId())
			.expand((parentId) -> this.organisations.findById(parentId)
				.doOnNext(found::add)
				.flatMap((parent) -> (parent.parentId() != null && found.size() < 16) ? Mono.just(parent.parentId())
						: Mono.empty()))
			.then(Mono.fromSupplier(() -> List.copyOf(found)));
	}

	private static List<Placement> placements(PublishedPost published, Map<UUID, Channel> channels) {
		return published.sent().stream().filter((delivery) -> delivery.remoteUrl() != null).map((delivery) -> {
			Channel channel = channels.get(delivery.channelId());
			return new Placement(delivery.platform(), (channel != null) ? channel.name() : null,
					URI.create(delivery.remoteUrl()));
		}).toList();
	}

	/**
	 * A published post, as its page and share kit show it.
	 *
	 * @param published the post and where it went out
	 * @param organisation who speaks in it
	 * @param page its page on Hubben, the canonical address
	 * @param ownSite the organisation's own site, or {@code null} when Hubben is its home
	 * site
	 * @param images its images, possibly none
	 * @param supporterLink the link supporters share, tagged {@code utm_source=supporter}
	 * @param suggestions suggested texts and dialogs per platform
	 * @param placements where the organisation published it
	 * @param sources the links its facts rest on, possibly none
	 */
	public record PublicPost(PublishedPost published, Organisation organisation, URI page, URI ownSite,
			List<PublicImage> images, URI supporterLink, List<Suggestion> suggestions, List<Placement> placements,
			List<String> sources) {

		public Post post() {
			return this.published.post();
		}

	}

	/**
	 * The post on one of the organisation's channels.
	 *
	 * @param platform the platform
	 * @param channelName the channel's name, or {@code null} if it was removed
	 * @param url where the post is on the platform
	 */
	public record Placement(Platform platform, String channelName, URI url) {

	}

	/**
	 * @param organisation the organisation
	 * @param ancestors the organisations above, nearest first
	 * @param regions the organisations directly below, by name
	 * @param posts its latest published posts, newest first
	 * @param page its page on Hubben
	 */
	public record PublicOrganisation(Organisation organisation, List<Organisation> ancestors,
			List<Organisation> regions, List<PublishedPost> posts, URI page) {

	}

	/**
	 * @param organisation the organisation
	 * @param ancestors the organisations above, nearest first
	 * @param own its channels, by platform and name
	 * @param ofAncestors the channels of the organisations above
	 */
	public record ChannelDirectory(Organisation organisation, List<Organisation> ancestors, List<ListedChannel> own,
			List<ListedChannel> ofAncestors) {

	}

	/**
	 * @param platform the platform
	 * @param name the account's name
	 * @param profile its page on the platform
	 * @param owner the organisation it belongs to
	 */
	public record ListedChannel(Platform platform, String name, URI profile, Organisation owner) {

	}

	/**
	 * @param organisation the organisation whose kit it is
	 * @param ancestors the organisations above, nearest first
	 * @param posts its posts and those shared from above, newest first
	 */
	public record OrganisationKit(Organisation organisation, List<Organisation> ancestors, List<KitPost> posts) {

	}

	/**
	 * @param published the post
	 * @param by the organisation that published it
	 * @param fromAbove whether an organisation above shared it
	 */
	public record KitPost(PublishedPost published, Organisation by, boolean fromAbove) {

	}

	/**
	 * @param organisation the organisation
	 * @param tips what it wrote, or {@code null}
	 */
	public record OrganisationTips(Organisation organisation, ShareTips tips) {

	}

}
