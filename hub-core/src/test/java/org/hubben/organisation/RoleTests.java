package org.hubben.organisation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole authorisation table of issue 6, written out by hand: every role × every
 * action × where the organisation stands from the member's. Not derived from
 * {@link Role}: a change to the rules must change this table too.
 */
class RoleTests {

	/**
	 * One line per role and action; the columns are OWN, BELOW, ABOVE, ELSEWHERE: "x"
	 * allowed, "-" refused.
	 */
	private static final String TABLE = """
			ADMIN    VIEW             x x - -
			ADMIN    COMPOSE          x - - -
			ADMIN    SCHEDULE         x - - -
			ADMIN    APPROVE          x - - -
			ADMIN    ADOPT            x - x -
			ADMIN    MANAGE_CHANNELS  x - - -
			ADMIN    MANAGE_MEMBERS   x x - -
			ADMIN    MANAGE_SETTINGS  x x - -
			ADMIN    READ_AUDIT       x x - -
			EDITOR   VIEW             x x - -
			EDITOR   COMPOSE          x - - -
			EDITOR   SCHEDULE         x - - -
			EDITOR   APPROVE          - - - -
			EDITOR   ADOPT            x - x -
			EDITOR   MANAGE_CHANNELS  - - - -
			EDITOR   MANAGE_MEMBERS   - - - -
			EDITOR   MANAGE_SETTINGS  - - - -
			EDITOR   READ_AUDIT       - - - -
			APPROVER VIEW             x x - -
			APPROVER COMPOSE          - - - -
			APPROVER SCHEDULE         - - - -
			APPROVER APPROVE          x - - -
			APPROVER ADOPT            - - - -
			APPROVER MANAGE_CHANNELS  - - - -
			APPROVER MANAGE_MEMBERS   - - - -
			APPROVER MANAGE_SETTINGS  - - - -
			APPROVER READ_AUDIT       - - - -
			VIEWER   VIEW             x x - -
			VIEWER   COMPOSE          - - - -
			VIEWER   SCHEDULE         - - - -
			VIEWER   APPROVE          - - - -
			VIEWER   ADOPT            - - - -
			VIEWER   MANAGE_CHANNELS  - - - -
			VIEWER   MANAGE_MEMBERS   - - - -
			VIEWER   MANAGE_SETTINGS  - - - -
			VIEWER   READ_AUDIT       - - - -
			""";

	private static final Reach[] COLUMNS = { Reach.OWN, Reach.BELOW, Reach.ABOVE, Reach.ELSEWHERE };

	@Test
	void everyRoleMayDoExactlyWhatTheTableSaysWhereverTheOrganisationStands() {
		Map<Role, Map<Action, Map<Reach, Boolean>>> expected = expected();
		List<String> mismatches = new ArrayList<>();
		for (Role role : Role.values()) {
			for (Action action : Action.values()) {
				for (Reach reach : Reach.values()) {
					boolean allowed = expected.get(role).get(action).get(reach);
					if (role.may(action, reach) != allowed) {
						mismatches
							.add(role + " " + action + " " + reach + ": expected " + (allowed ? "allowed" : "refused"));
					}
				}
			}
		}
		assertThat(mismatches).as("cells where Role#may differs from the table").isEmpty();
	}

	@Test
	void theTableCoversEveryRoleActionAndReachOnce() {
		assertThat(TABLE.lines().filter((line) -> !line.isBlank()).count())
			.isEqualTo((long) Role.values().length * Action.values().length);
		Map<Role, Map<Action, Map<Reach, Boolean>>> expected = expected();
		for (Role role : Role.values()) {
			assertThat(expected.get(role)).as(role.name()).containsOnlyKeys(Action.values());
		}
	}

	@Test
	void nobodyPublishesOrManagesChannelsOutsideTheirOwnOrganisation() {
		for (Role role : Role.values()) {
			for (Reach reach : List.of(Reach.BELOW, Reach.ABOVE, Reach.ELSEWHERE)) {
				assertThat(role.may(Action.SCHEDULE, reach)).as(role + " SCHEDULE " + reach).isFalse();
				assertThat(role.may(Action.MANAGE_CHANNELS, reach)).as(role + " MANAGE_CHANNELS " + reach).isFalse();
			}
		}
	}

	private static Map<Role, Map<Action, Map<Reach, Boolean>>> expected() {
		Map<Role, Map<Action, Map<Reach, Boolean>>> table = new EnumMap<>(Role.class);
		TABLE.lines().filter((line) -> !line.isBlank()).forEach((line) -> {
			String[] cells = line.trim().split("\\s+");
			Map<Reach, Boolean> row = new EnumMap<>(Reach.class);
			for (int i = 0; i < COLUMNS.length; i++) {
				row.put(COLUMNS[i], cells[2 + i].equals("x"));
			}
			Map<Action, Map<Reach, Boolean>> byAction = table.computeIfAbsent(Role.valueOf(cells[0]),
					(role) -> new EnumMap<>(Action.class));
			assertThat(byAction.put(Action.valueOf(cells[1]), row)).as("a second line for " + line).isNull();
		});
		return table;
	}

}
