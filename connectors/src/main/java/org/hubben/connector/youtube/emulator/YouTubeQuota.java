package org.hubben.connector.youtube.emulator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The YouTube Data API's daily quota of one Google Cloud project, as the emulator charges
 * it. The day is the Pacific day: the ledger starts afresh at midnight
 * {@code America/Los_Angeles}, whatever the clock's zone, daylight saving included.
 *
 * <p>
 * Google documents two pricing models, and the emulator offers both:
 * <ul>
 * <li>{@link Pricing#UNITS}: one pool of units a day, in which {@code videos.insert}
 * costs {@link Limits#insertUnits()} (1,600 of 10,000), a comment write
 * {@value #WRITE_UNITS} and every other call 1;</li>
 * <li>{@link Pricing#BUCKETS}: {@code videos.insert} has a bucket of its own
 * ({@link Limits#dailyInserts()} calls a day, 1 per call), a comment write costs
 * {@value #WRITE_UNITS} units of the pool and every other call 1.</li>
 * </ul>
 * Every call costs at least 1, an invalid one too; in the units model an invalid
 * {@code videos.insert} costs 1 unit, not 1,600, since it never became an upload.
 * Thread-safe.
 */
public final class YouTubeQuota {

	/** Where YouTube's quota day begins and ends. */
	public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

	/** What {@code comments.insert} and {@code comments.setModerationStatus} cost. */
	public static final long WRITE_UNITS = 50;

	private final Clock clock;

	private final Limits limits;

	// Guarded by this.
	private LocalDate day;

	// Guarded by this.
	private long unitsUsed;

	// Guarded by this.
	private long insertsUsed;

	public YouTubeQuota(Clock clock, Limits limits) {
		this.clock = clock;
		this.limits = limits;
	}

	public Limits limits() {
		return this.limits;
	}

	/**
	 * Charges one call when the day's quota can pay for it.
	 * @param call what kind of call it is
	 * @return {@code true} when it was charged; {@code false} when the quota is used up,
	 * in which case nothing was charged and the call must be refused with
	 * {@code quotaExceeded}
	 */
	public synchronized boolean charge(Call call) {
		rollOver();
		boolean fromInsertBucket = this.limits.pricing() == Pricing.BUCKETS
				&& (call == Call.INSERT || call == Call.INVALID_INSERT);
		if (fromInsertBucket) {
			if (this.insertsUsed + 1 > this.limits.dailyInserts()) {
				return false;
			}
			this.insertsUsed++;
			return true;
		}
		long cost = (call == Call.INSERT) ? this.limits.insertUnits() : (call == Call.WRITE) ? WRITE_UNITS : 1;
		if (this.unitsUsed + cost > this.limits.dailyUnits()) {
			return false;
		}
		this.unitsUsed += cost;
		return true;
	}

	/**
	 * @return what has been used today, and when the quota starts afresh
	 */
	public synchronized Usage usage() {
		rollOver();
		return new Usage(this.day, this.unitsUsed, this.insertsUsed, nextReset(this.clock.instant()));
	}

	/** Forgets today's usage. */
	public synchronized void reset() {
		this.day = null;
		this.unitsUsed = 0;
		this.insertsUsed = 0;
	}

	/**
	 * @param now an instant
	 * @return the next midnight in {@code America/Los_Angeles} after {@code now}
	 */
	public static Instant nextReset(Instant now) {
		return LocalDate.ofInstant(now, PACIFIC).plusDays(1).atStartOfDay(PACIFIC).toInstant();
	}

	// Must hold this.
	private void rollOver() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), PACIFIC);
		if (!today.equals(this.day)) {
			this.day = today;
			this.unitsUsed = 0;
			this.insertsUsed = 0;
		}
	}

	/** How Google prices {@code videos.insert}. */
	public enum Pricing {

		/**
		 * The per-method page's model: {@code videos.insert} costs 1,600 units of the
		 * daily 10,000.
		 */
		UNITS,

		/**
		 * The current quota page's model: 100 {@code videos.insert} calls a day in their
		 * own bucket, and 10,000 units for everything else at 1 per call.
		 */
		BUCKETS

	}

	/** The calls the emulator charges. */
	public enum Call {

		/** A valid {@code videos.insert}: an upload session was created. */
		INSERT,

		/** A {@code videos.insert} that was refused (auth, metadata, upload limit). */
		INVALID_INSERT,

		/**
		 * A write that costs {@value YouTubeQuota#WRITE_UNITS} units of the pool:
		 * {@code comments.insert}, {@code comments.setModerationStatus}.
		 */
		WRITE,

		/**
		 * Any other call: {@code videos.list}, {@code channels.list},
		 * {@code commentThreads.list}, {@code comments.list}.
		 */
		READ

	}

	/**
	 * The quota of one project.
	 *
	 * @param pricing the pricing model
	 * @param dailyUnits the units a day for everything but, with {@link Pricing#BUCKETS},
	 * {@code videos.insert}
	 * @param insertUnits what one {@code videos.insert} costs with {@link Pricing#UNITS}
	 * @param dailyInserts how many {@code videos.insert} calls a day with
	 * {@link Pricing#BUCKETS}
	 */
	public record Limits(Pricing pricing, long dailyUnits, long insertUnits, long dailyInserts) {

		/** Google's current defaults, in the bucket model. */
		public static final Limits DEFAULT = new Limits(Pricing.BUCKETS, 10_000, 1_600, 100);

		public Limits {
			java.util.Objects.requireNonNull(pricing, "pricing");
			if (dailyUnits < 1 || insertUnits < 1 || dailyInserts < 1) {
				throw new IllegalArgumentException("Every limit and cost must be at least 1");
			}
		}

		/**
		 * @param dailyUnits the daily units
		 * @return the per-method page's model: {@code videos.insert} costs 1,600 units
		 */
		public static Limits units(long dailyUnits) {
			return new Limits(Pricing.UNITS, dailyUnits, 1_600, 100);
		}

		/**
		 * @param dailyUnits the daily units for everything but {@code videos.insert}
		 * @param dailyInserts the daily {@code videos.insert} calls
		 * @return the current quota page's model
		 */
		public static Limits buckets(long dailyUnits, long dailyInserts) {
			return new Limits(Pricing.BUCKETS, dailyUnits, 1_600, dailyInserts);
		}

	}

	/**
	 * The quota used on one Pacific day.
	 *
	 * @param day the Pacific day
	 * @param unitsUsed units used from the pool
	 * @param insertsUsed {@code videos.insert} calls used from their bucket (always 0
	 * with {@link Pricing#UNITS})
	 * @param resetsAt when the next day starts
	 */
	public record Usage(LocalDate day, long unitsUsed, long insertsUsed, Instant resetsAt) {

	}

}
