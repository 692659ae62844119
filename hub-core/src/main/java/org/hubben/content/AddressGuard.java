package org.hubben.content;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.netty.util.NetUtil;

/**
 * Decides which links Hubben may fetch, so that a link typed into the compose form cannot
 * make Hubben reach into the network it runs in (server-side request forgery): http and
 * https only, on ports 80 and 443, and never an address that is loopback, private,
 * link-local, unique-local, carrier-grade NAT, unspecified, multicast, broadcast,
 * reserved, a cloud metadata address, or an IPv6 form that embeds one of those (IPv4
 * mapped, compatible or translated, NAT64, 6to4, Teredo).
 * <p>
 * Hosts are read the way browsers and {@code inet_aton} read them, so that
 * {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} are all
 * 127.0.0.1, and full-width or other Unicode digits are mapped first (IDNA). Hosts the
 * operator allow-lists ({@link LinkPreviewProperties#allowedHosts()}) skip the address
 * checks. Thread-safe and never blocks: names are checked in
 * {@link #checkResolved(String, int, List)}, once resolved.
 */
final class AddressGuard {

	static final int LINK_MAX = 2_000;

	static final String PRIVATE_NETWORKS = "Hubben does not fetch addresses on private networks";

	private static final Set<Integer> PORTS = Set.of(80, 443);

	private static final byte[] EC2_METADATA_IPV6 = { (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0x02, 0x54 };

	/** Canonical hosts allowed on ports 80 and 443 without address checks. */
	private final Set<String> allowedHosts = new HashSet<>();

	/** Canonical {@code host:port} pairs allowed without address checks. */
	private final Set<String> allowedHostPorts = new HashSet<>();

	/**
	 * @param allowedHosts {@code host} or {@code host:port} entries, see
	 * {@link LinkPreviewProperties#allowedHosts()}
	 * @throws IllegalArgumentException when an entry is not a host
	 */
	AddressGuard(Collection<String> allowedHosts) {
		for (String entry : allowedHosts) {
			String trimmed = entry.strip();
			int colon = trimmed.lastIndexOf(':');
			boolean hasPort = colon > 0 && trimmed.indexOf(':') == colon
					|| trimmed.startsWith("[") && trimmed.lastIndexOf(']') < colon;
			try {
				if (hasPort) {
					Host host = Host.parse(trimmed.substring(0, colon));
					this.allowedHostPorts.add(host.name() + ":" + Integer.parseInt(trimmed.substring(colon + 1)));
				}
				else {
					this.allowedHosts.add(Host.parse(trimmed).name());
				}
			}
			catch (InvalidLink | NumberFormatException ex) {
				throw new IllegalArgumentException(
						"hubben.link-preview.allowed-hosts: '" + entry + "' is not a host or host:port", ex);
			}
		}
	}

	/**
	 * Checks everything about a link that can be checked without resolving its host.
	 * @param link an absolute URL as a person typed it; surrounding white space is
	 * ignored
	 * @return what to request
	 * @throws InvalidLink when the link is malformed, not http(s), on another port, or
	 * its host is an address Hubben does not fetch
	 */
	FetchTarget target(String link) {
		String trimmed = link.strip();
		if (trimmed.isEmpty()) {
			throw new InvalidLink("The link is empty");
		}
		if (trimmed.length() > LINK_MAX) {
			throw new InvalidLink("The link is longer than " + LINK_MAX + " characters");
		}
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw new InvalidLink("The link is not a valid web address: " + ex.getReason().toLowerCase(Locale.ROOT)
					+ ((ex.getIndex() >= 0) ? " at character " + (ex.getIndex() + 1) : ""));
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (scheme == null) {
			throw new InvalidLink("The link is not a full web address: it needs http:// or https:// in front");
		}
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidLink("Hubben fetches only http and https links, not " + scheme + ":");
		}
		String authority = uri.getRawAuthority();
		if (uri.isOpaque() || authority == null || authority.isEmpty()) {
			throw new InvalidLink("The link has no host: write it as " + scheme + "://host/path");
		}
		if (authority.contains("@")) {
			throw new InvalidLink("Hubben does not fetch links that carry a user name or password");
		}
		String hostText = authority;
		int port = scheme.equals("https") ? 443 : 80;
		int colon = authority.lastIndexOf(':');
		if (colon >= 0 && colon > authority.lastIndexOf(']')) {
			hostText = authority.substring(0, colon);
			String portText = authority.substring(colon + 1);
			if (!portText.isEmpty()) {
				if (!portText.chars().allMatch((c) -> c >= '0' && c <= '9') || portText.length() > 5) {
					throw new InvalidLink("The link's port '" + portText + "' is not a number");
				}
				port = Integer.parseInt(portText);
			}
		}
		Host host = Host.parse(hostText);
		boolean allowListed = allows(host.name(), port);
		if (!PORTS.contains(port) && !allowListed) {
			throw new InvalidLink("Hubben fetches pages only on ports 80 and 443, not on port " + port);
		}
		if (host.literal() != null && !allowListed) {
			forbidden(host.literal()).ifPresent((reason) -> {
				throw new InvalidLink(PRIVATE_NETWORKS + ": " + host.literal().getHostAddress() + " is " + reason);
			});
		}
		boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		URI request = URI.create(scheme + "://" + host.uriForm() + (defaultPort ? "" : ":" + port) + path + query);
		return new FetchTarget(request, host.name(), port, host.literal());
	}

	/**
	 * Whether the operator allow-listed this host on this port, so its addresses are not
	 * checked.
	 */
	boolean allows(String host, int port) {
		String canonical = host.toLowerCase(Locale.ROOT);
		return this.allowedHosts.contains(canonical) && PORTS.contains(port)
				|| this.allowedHostPorts.contains(canonical + ":" + port);
	}

	/**
	 * Checks every address a name resolved to and chooses the one to connect to, so the
	 * connection goes to an address that was checked.
	 * @param host the name that was resolved
	 * @param port the port that will be connected to
	 * @param addresses what the name resolved to
	 * @return the first address, when the host is allow-listed or every address is
	 * allowed
	 * @throws InvalidLink when any address is one Hubben does not fetch
	 * @throws UnknownHostException when there is no address
	 */
	InetAddress checkResolved(String host, int port, List<InetAddress> addresses) throws UnknownHostException {
		if (addresses.isEmpty()) {
			throw new UnknownHostException(host);
		}
		if (!allows(host, port)) {
			for (InetAddress address : addresses) {
				forbidden(address).ifPresent((reason) -> {
					throw new InvalidLink(PRIVATE_NETWORKS + ": " + host + " resolves to " + address.getHostAddress()
							+ ", " + reason);
				});
			}
		}
		return addresses.get(0);
	}

	/**
	 * @return why Hubben does not fetch from this address ("a loopback address"), or
	 * empty when it may
	 */
	static Optional<String> forbidden(InetAddress address) {
		byte[] bytes = address.getAddress();
		return (bytes.length == 4) ? forbiddenIpv4(bytes, 0) : forbiddenIpv6(bytes);
	}

	private static Optional<String> forbiddenIpv4(byte[] bytes, int offset) {
		int a = bytes[offset] & 0xff;
		int b = bytes[offset + 1] & 0xff;
		int c = bytes[offset + 2] & 0xff;
		int d = bytes[offset + 3] & 0xff;
		if (a == 169 && b == 254 && c == 169 && d == 254) {
			return Optional.of("a cloud metadata address");
		}
		if (a == 0) {
			return Optional.of("an unspecified address");
		}
		if (a == 127) {
			return Optional.of("a loopback address");
		}
		if (a == 10 || a == 172 && (b & 0xf0) == 16 || a == 192 && b == 168) {
			return Optional.of("a private address");
		}
		if (a == 100 && (b & 0xc0) == 64) {
			return Optional.of("a carrier-grade NAT address");
		}
		if (a == 169 && b == 254) {
			return Optional.of("a link-local address");
		}
		if (a == 255 && b == 255 && c == 255 && d == 255) {
			return Optional.of("the broadcast address");
		}
		if (a >= 224 && a <= 239) {
			return Optional.of("a multicast address");
		}
		if (a >= 240 || a == 192 && b == 0 && c == 0 || a == 192 && b == 88 && c == 99 || a == 198 && (b & 0xfe) == 18
				|| a == 192 && b == 0 && c == 2 || a == 198 && b == 51 && c == 100 || a == 203 && b == 0 && c == 113) {
			return Optional.of("a reserved address");
		}
		return Optional.empty();
	}

	private static Optional<String> forbiddenIpv6(byte[] bytes) {
		if (java.util.Arrays.equals(bytes, EC2_METADATA_IPV6)) {
			return Optional.of("a cloud metadata address");
		}
		if (zero(bytes, 0, 15)) {
			return ((bytes[15] & 0xff) == 1) ? Optional.of("a loopback address")
					: ((bytes[15] == 0) ? Optional.of("an unspecified address") : Optional.of("a reserved address"));
		}
		if (zero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
			return forbiddenIpv4(bytes, 12).map((reason) -> reason + " (IPv4-mapped)");
		}
		if (zero(bytes, 0, 12)) {
			return Optional.of(forbiddenIpv4(bytes, 12).map((reason) -> reason + " (IPv4-compatible)")
				.orElse("a deprecated IPv4-compatible address"));
		}
		if (zero(bytes, 0, 8) && (bytes[8] & 0xff) == 0xff && (bytes[9] & 0xff) == 0xff && zero(bytes, 10, 12)) {
			return Optional.of(forbiddenIpv4(bytes, 12).map((reason) -> reason + " (IPv4-translated)")
				.orElse("an IPv4-translated address"));
		}
		int first = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
		int second = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
		if (first == 0x64 && second == 0xff9b) {
			if (zero(bytes, 4, 12)) {
				return forbiddenIpv4(bytes, 12).map((reason) -> reason + " (through NAT64)");
			}
			return Optional.of("a local-use NAT64 address");
		}
		if (first == 0x2002) {
			return forbiddenIpv4(bytes, 2).map((reason) -> reason + " (through 6to4)");
		}
		if (first == 0x2001 && second == 0) {
			byte[] client = new byte[4];
			for (int i = 0; i < 4; i++) {
				client[i] = (byte) ~bytes[12 + i];
			}
			return Optional.of(forbiddenIpv4(client, 0).map((reason) -> reason + " (through Teredo)")
				.orElse("a Teredo tunnel address"));
		}
		if ((bytes[0] & 0xfe) == 0xfc) {
			return Optional.of("a unique-local address");
		}
		if ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80) {
			return Optional.of("a link-local address");
		}
		if ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0xc0) {
			return Optional.of("a site-local address");
		}
		if ((bytes[0] & 0xff) == 0xff) {
			return Optional.of("a multicast address");
		}
		if (first == 0x2001 && second == 0x0db8 || first == 0x0100 && zero(bytes, 2, 8) || bytes[0] == 0) {
			return Optional.of("a reserved address");
		}
		return Optional.empty();
	}

	private static boolean zero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A host as Hubben connects to it.
	 *
	 * @param name canonical: a lower-case ASCII name without a trailing dot, an IPv4
	 * address in dotted-quad form, or an IPv6 address without brackets
	 * @param literal the address when the host is one, otherwise {@code null}
	 */
	record Host(String name, InetAddress literal) {

		String uriForm() {
			return (this.literal instanceof Inet6Address) ? "[" + this.name + "]" : this.name;
		}

		/**
		 * Reads a host the way browsers do (WHATWG URL host parsing): percent-decoded,
		 * IDNA-mapped, and read as an IPv4 address whenever its last label is a number.
		 * @throws InvalidLink when it is no valid host
		 */
		static Host parse(String raw) {
			if (raw.startsWith("[")) {
				if (!raw.endsWith("]")) {
					throw new InvalidLink("The link's host " + raw + " is not a valid IPv6 address");
				}
				String inner = raw.substring(1, raw.length() - 1);
				int zone = inner.indexOf('%');
				if (zone >= 0) {
					inner = inner.substring(0, zone);
				}
				if (!NetUtil.isValidIpV6Address(inner)) {
					throw new InvalidLink("The link's host " + raw + " is not a valid IPv6 address");
				}
				InetAddress address = literal(NetUtil.createByteArrayFromIpAddressString(inner));
				return new Host(NetUtil.toAddressString(address), address);
			}
			String host = percentDecoded(raw);
			if (host.endsWith(".") && host.length() > 1) {
				host = host.substring(0, host.length() - 1);
			}
			if (host.isEmpty()) {
				throw new InvalidLink("The link has no host");
			}
			try {
				host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidLink("The link's host " + raw + " is not a valid name");
			}
			if (endsInNumber(host)) {
				InetAddress address = ipv4(host);
				if (address == null) {
					throw new InvalidLink("The link's host " + raw + " is not a valid IPv4 address");
				}
				return new Host(address.getHostAddress(), address);
			}
			if (host.length() > 253 || !host.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
				throw new InvalidLink("The link's host " + raw + " is not a valid name");
			}
			return new Host(host, null);
		}

		private static String percentDecoded(String raw) {
			if (raw.indexOf('%') < 0) {
				return raw;
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			for (int i = 0; i < raw.length(); i++) {
				char c = raw.charAt(i);
				if (c == '%') {
					if (i + 2 >= raw.length()) {
						throw new InvalidLink("The link's host " + raw + " is not a valid name");
					}
					try {
						bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
					}
					catch (NumberFormatException ex) {
						throw new InvalidLink("The link's host " + raw + " is not a valid name");
					}
					i += 2;
				}
				else {
					bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
				}
			}
			return bytes.toString(StandardCharsets.UTF_8);
		}

		private static boolean endsInNumber(String host) {
			String[] labels = host.split("\\.", -1);
			String last = labels[labels.length - 1];
			if (!last.isEmpty() && last.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return true;
			}
			return last.startsWith("0x") && last.substring(2).chars().allMatch((c) -> Character.digit(c, 16) >= 0);
		}

		/**
		 * The WHATWG IPv4 parser: 1 to 4 parts, each decimal, octal (0...) or hex
		 * (0x...).
		 */
		private static InetAddress ipv4(String host) {
			String[] parts = host.split("\\.", -1);
			if (parts.length > 4) {
				return null;
			}
			BigInteger[] numbers = new BigInteger[parts.length];
			for (int i = 0; i < parts.length; i++) {
				String part = parts[i];
				if (part.isEmpty()) {
					return null;
				}
				int radix = 10;
				if (part.startsWith("0x")) {
					radix = 16;
					part = part.substring(2);
				}
				else if (part.length() > 1 && part.startsWith("0")) {
					radix = 8;
					part = part.substring(1);
				}
				try {
					numbers[i] = part.isEmpty() ? BigInteger.ZERO : new BigInteger(part, radix);
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
			BigInteger byteLimit = BigInteger.valueOf(256);
			long value = 0;
			for (int i = 0; i < numbers.length - 1; i++) {
				if (numbers[i].compareTo(byteLimit) >= 0) {
					return null;
				}
				value |= numbers[i].longValue() << (8 * (3 - i));
			}
			BigInteger last = numbers[numbers.length - 1];
			if (last.compareTo(byteLimit.pow(5 - numbers.length)) >= 0) {
				return null;
			}
			value += last.longValue();
			return literal(
					new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value });
		}

		private static InetAddress literal(byte[] bytes) {
			try {
				// From bytes, so no name is looked up.
				return InetAddress.getByAddress(bytes);
			}
			catch (UnknownHostException ex) {
				throw new InvalidLink("The link's host is not a valid address");
			}
		}

	}

}
