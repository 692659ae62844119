package org.hubben.content;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Consumer;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * The name resolution of the link-preview client: resolves a name once, checks every
 * address with the {@link AddressGuard}, and hands the connection the checked address
 * itself, so no second lookup can give another (DNS rebinding). The address keeps the
 * name, so the Host header, TLS server name and certificate check use the name.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

	private final AddressGuard guard;

	private final HostResolver resolver;

	GuardedResolverGroup(AddressGuard guard, HostResolver resolver) {
		this.guard = guard;
		this.resolver = resolver;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new GuardedResolver(executor);
	}

	private final class GuardedResolver extends AbstractAddressResolver<InetSocketAddress> {

		GuardedResolver(EventExecutor executor) {
			super(executor, InetSocketAddress.class);
		}

		@Override
		protected boolean doIsResolved(InetSocketAddress address) {
			return !address.isUnresolved();
		}

		@Override
		protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
			resolveChecked(unresolved, promise::trySuccess, promise::tryFailure);
		}

		@Override
		protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
			resolveChecked(unresolved, (address) -> promise.trySuccess(List.of(address)), promise::tryFailure);
		}

		private void resolveChecked(InetSocketAddress unresolved, Consumer<InetSocketAddress> success,
				Consumer<Throwable> failure) {
			String host = unresolved.getHostString();
			int port = unresolved.getPort();
			GuardedResolverGroup.this.resolver.resolve(host).subscribe((addresses) -> {
				try {
					InetAddress checked = GuardedResolverGroup.this.guard.checkResolved(host, port, addresses);
					success.accept(new InetSocketAddress(InetAddress.getByAddress(host, checked.getAddress()), port));
				}
				catch (InvalidLink | UnknownHostException ex) {
					failure.accept(ex);
				}
			}, failure, () -> failure.accept(new UnknownHostException(host)));
		}

	}

}
