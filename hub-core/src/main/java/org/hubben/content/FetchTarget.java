package org.hubben.content;

import java.net.InetAddress;
import java.net.URI;

/**
 * A link that passed {@link AddressGuard#target(String)}: its request URI has the host in
 * canonical form (an IPv4 address in dotted-quad notation whatever form the link used, a
 * lower-case ASCII name) and no fragment.
 *
 * @param uri what is requested
 * @param host the canonical host, without brackets for IPv6
 * @param port the port connected to (80 or 443 unless allow-listed)
 * @param literal the address when the host is one, already checked; {@code null} for a
 * name, whose addresses are checked when it is resolved
 */
record FetchTarget(URI uri, String host, int port, InetAddress literal) {

}
