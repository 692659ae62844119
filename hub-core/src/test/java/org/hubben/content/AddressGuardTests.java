package org.hubben.content;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AddressGuardTests {

	private final AddressGuard guard = new AddressGuard(List.of());

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(delimiter = '|', textBlock = """
			http://127.0.0.1/                      | 127.0.0.1 is a loopback address
			HTTP://127.0.0.1/                      | 127.0.0.1 is a loopback address
			http://127.0.0.1./                     | 127.0.0.1 is a loopback address
			http://2130706433/                     | 127.0.0.1 is a loopback address
			http://0177.0.0.1/                     | 127.0.0.1 is a loopback address
			http://0177.1/                         | 127.0.0.1 is a loopback address
			http://0x7f.0.0.1/                     | 127.0.0.1 is a loopback address
			http://0x7f000001/                     | 127.0.0.1 is a loopback address
			http://0x7F.1/                         | 127.0.0.1 is a loopback address
			http://127.1/                          | 127.0.0.1 is a loopback address
			http://127.0.1/                        | 127.0.0.1 is a loopback address
			http://017700000001/                   | 127.0.0.1 is a loopback address
			http://%31%32%37.0.0.1/                | 127.0.0.1 is a loopback address
			http://１２７．０．０．１/               | 127.0.0.1 is a loopback address
			http://[::1]/                          | 0:0:0:0:0:0:0:1 is a loopback address
			http://[0:0:0:0:0:0:0:1]:443/          | 0:0:0:0:0:0:0:1 is a loopback address
			http://[::ffff:127.0.0.1]/             | 127.0.0.1 is a loopback address
			http://[::ffff:7f00:1]/                | 127.0.0.1 is a loopback address
			http://[0:0:0:0:0:ffff:7f00:0001]/     | 127.0.0.1 is a loopback address
			http://[::127.0.0.1]/                  | 127.0.0.1 is a loopback address
			http://[::ffff:0:7f00:1]/              | a loopback address (IPv4-translated)
			http://[64:ff9b::7f00:1]/              | a loopback address (through NAT64)
			http://[64:ff9b::a9fe:a9fe]/           | a cloud metadata address (through NAT64)
			http://[64:ff9b:1::a00:1]/             | a local-use NAT64 address
			http://[2002:7f00:1::]/                | a loopback address (through 6to4)
			http://[2002:c0a8:101::1]/             | a private address (through 6to4)
			http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/ | a loopback address (through Teredo)
			http://0.0.0.0/                        | 0.0.0.0 is an unspecified address
			http://0/                              | 0.0.0.0 is an unspecified address
			http://[::]/                           | an unspecified address
			http://10.1.2.3/                       | 10.1.2.3 is a private address
			http://172.16.0.1/                     | 172.16.0.1 is a private address
			http://172.31.255.254/                 | 172.31.255.254 is a private address
			http://192.168.1.1/                    | 192.168.1.1 is a private address
			http://0xc0a80101/                     | 192.168.1.1 is a private address
			http://[::ffff:192.168.1.1]/           | 192.168.1.1 is a private address
			http://100.64.0.1/                     | 100.64.0.1 is a carrier-grade NAT address
			http://100.127.255.255/                | 100.127.255.255 is a carrier-grade NAT address
			http://169.254.169.254/latest/meta-data/ | 169.254.169.254 is a cloud metadata address
			http://[::ffff:169.254.169.254]/       | 169.254.169.254 is a cloud metadata address
			http://[fd00:ec2::254]/                | a cloud metadata address
			http://169.254.0.1/                    | 169.254.0.1 is a link-local address
			http://[fe80::1]/                      | a link-local address
			http://[fe80::1%25eth0]/               | a link-local address
			http://[fc00::1]/                      | a unique-local address
			http://[fd12:3456::1]/                 | a unique-local address
			http://[fec0::1]/                      | a site-local address
			http://224.0.0.1/                      | 224.0.0.1 is a multicast address
			http://[ff02::1]/                      | a multicast address
			http://255.255.255.255/                | 255.255.255.255 is the broadcast address
			http://240.0.0.1/                      | 240.0.0.1 is a reserved address
			http://192.0.0.192/                    | 192.0.0.192 is a reserved address
			http://[2001:db8::1]/                  | a reserved address
			""")
	void refusesEveryFormOfAnAddressOnAPrivateNetwork(String link, String reason) {
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> this.guard.target(link))
			.withMessageStartingWith("Hubben does not fetch addresses on private networks: ")
			.withMessageContaining(reason);
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "ftp://example.org/file", "gopher://example.org:70/_GET",
			"javascript:alert(1)", "data:text/html,hello", "jar:http://example.org/a.jar!/b", "ws://example.org/" })
	void fetchesOnlyHttpAndHttps(String link) {
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> this.guard.target(link))
			.withMessageStartingWith("Hubben fetches only http and https links, not ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://example.org:8080/", "https://example.org:22/", "http://example.org:0/",
			"https://example.org:4443/x", "http://example.org:65535/" })
	void fetchesOnlyOnPorts80And443(String link) {
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> this.guard.target(link))
			.withMessageStartingWith("Hubben fetches pages only on ports 80 and 443, not on port ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "example.org/page", "not a link", "http:///path", "http://exa mple.org/",
			"http://256.1.1.1/", "http://1.2.3.4.5/", "http://0x100000000/", "http://08.1.1.1/", "http://[::1/",
			"http://[1::2::3]/", "http://example.org:http/", "http://ex%zzample.org/", "http://example..org/" })
	void refusesWhatIsNoLink(String link) {
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> this.guard.target(link))
			.withMessageStartingWith("The link");
	}

	@Test
	void refusesALinkLongerThan2000Characters() {
		assertThatExceptionOfType(InvalidLink.class)
			.isThrownBy(() -> this.guard.target("https://example.org/" + "a".repeat(2000)))
			.withMessage("The link is longer than 2000 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://user:secret@example.org/", "http://example.org@127.0.0.1/" })
	void refusesLinksThatCarryCredentials(String link) {
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> this.guard.target(link))
			.withMessage("Hubben does not fetch links that carry a user name or password");
	}

	@Test
	void requestsTheLinkWithItsHostInCanonicalFormAndWithoutItsFragment() {
		FetchTarget target = this.guard.target("  HTTPS://Example.ORG:443/Path/Page?q=1&utm_source=x#part  ");
		assertThat(target.uri()).hasToString("https://example.org/Path/Page?q=1&utm_source=x");
		assertThat(target.host()).isEqualTo("example.org");
		assertThat(target.port()).isEqualTo(443);
		assertThat(target.literal()).isNull();
		assertThat(this.guard.target("http://example.org").uri()).hasToString("http://example.org/");
		assertThat(this.guard.target("http://bücher.example/").host()).isEqualTo("xn--bcher-kva.example");
		assertThat(this.guard.target("http://1.2.3.example/").host()).isEqualTo("1.2.3.example");
	}

	@Test
	void acceptsPublicAddressesInAnyForm() {
		assertThat(this.guard.target("http://93.184.215.14/").uri()).hasToString("http://93.184.215.14/");
		assertThat(this.guard.target("http://1572394766/").uri()).hasToString("http://93.184.215.14/");
		assertThat(this.guard.target("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x").uri())
			.hasToString("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x");
		assertThat(this.guard.target("http://[::ffff:93.184.215.14]/").uri()).hasToString("http://93.184.215.14/");
	}

	@Test
	void readsTheIpv4AddressEmbeddedInAnIpv6AddressFromDns() throws Exception {
		byte[] compatible = new byte[16];
		compatible[12] = 10;
		compatible[15] = 1;
		assertThat(AddressGuard.forbidden(InetAddress.getByAddress(compatible)))
			.hasValue("a private address (IPv4-compatible)");
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = 127;
		mapped[15] = 1;
		assertThat(AddressGuard.forbidden(InetAddress.getByAddress(mapped))).hasValue("a loopback address");
		assertThat(AddressGuard.forbidden(InetAddress.getByName("2001:0:4136:e378:8000:63bf:a247:28f1")))
			.hasValue("a Teredo tunnel address");
		assertThat(AddressGuard.forbidden(InetAddress.getByName("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))).isEmpty();
	}

	@Test
	void checksEveryAddressANameResolvesTo() throws Exception {
		InetAddress publicAddress = InetAddress.getByName("93.184.215.14");
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		assertThat(this.guard.checkResolved("example.org", 443, List.of(publicAddress))).isEqualTo(publicAddress);
		assertThatExceptionOfType(InvalidLink.class)
			.isThrownBy(() -> this.guard.checkResolved("sneaky.example", 443, List.of(publicAddress, loopback)))
			.withMessage("Hubben does not fetch addresses on private networks: "
					+ "sneaky.example resolves to 127.0.0.1, a loopback address");
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> this.guard.checkResolved("nowhere.example", 80, List.of()));
	}

	@Test
	void skipsTheAddressChecksForAllowListedHostsOnly() throws Exception {
		AddressGuard allowing = new AddressGuard(List.of("Home.Example", "intranet.example:8080", "127.0.0.1:8081"));
		InetAddress privateAddress = InetAddress.getByName("10.0.0.5");
		assertThat(allowing.checkResolved("home.example", 443, List.of(privateAddress))).isEqualTo(privateAddress);
		assertThat(allowing.checkResolved("intranet.example", 8080, List.of(privateAddress))).isEqualTo(privateAddress);
		assertThatExceptionOfType(InvalidLink.class)
			.isThrownBy(() -> allowing.checkResolved("other.example", 443, List.of(privateAddress)));
		assertThatExceptionOfType(InvalidLink.class)
			.isThrownBy(() -> allowing.checkResolved("intranet.example", 443, List.of(privateAddress)));
		assertThat(allowing.target("http://intranet.example:8080/").port()).isEqualTo(8080);
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> allowing.target("http://intranet.example:8081/"))
			.withMessageContaining("port 8081");
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> allowing.target("http://home.example:8080/"));
		assertThat(allowing.target("http://2130706433:8081/").uri()).hasToString("http://127.0.0.1:8081/");
		assertThatExceptionOfType(InvalidLink.class).isThrownBy(() -> allowing.target("http://127.0.0.1/"))
			.withMessageContaining("loopback");
	}

	@Test
	void refusesAnAllowListEntryThatIsNoHost() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new AddressGuard(List.of("https://home.example/")))
			.withMessageContaining("hubben.link-preview.allowed-hosts");
	}

}
