package dev.timetracker.domain.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PunchStateMachineTest {

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
        "off,      punch_in,    working",
        "working,  break_start, on_break",
        "on_break, break_end,   working",
        "working,  punch_out,   off",
        "on_break, punch_out,   off",
    })
    void validTransitions(String from, String action, String to) {
        WorkState state = WorkState.fromWire(from);
        PunchAction punch = PunchAction.fromWire(action);

        assertEquals(WorkState.fromWire(to), PunchStateMachine.next(state, punch));
        assertTrue(PunchStateMachine.allows(state, punch));
        assertTrue(PunchStateMachine.allowedFrom(punch).contains(state));
        assertEquals(WorkState.fromWire(to), PunchStateMachine.stateAfter(punch));
    }

    @ParameterizedTest(name = "{1} while {0} is rejected")
    @CsvSource({
        "off,      punch_out",
        "off,      break_start",
        "off,      break_end",
        "working,  punch_in",
        "working,  break_end",
        "on_break, punch_in",
        "on_break, break_start",
    })
    void invalidTransitions(String from, String action) {
        WorkState state = WorkState.fromWire(from);
        PunchAction punch = PunchAction.fromWire(action);

        InvalidTransitionException rejected =
                assertThrows(InvalidTransitionException.class, () -> PunchStateMachine.next(state, punch));

        assertSame(state, rejected.currentState());
        assertSame(punch, rejected.action());
        assertEquals("Cannot " + action + " while " + from, rejected.getMessage());
        assertFalse(PunchStateMachine.allows(state, punch));
        assertFalse(PunchStateMachine.allowedFrom(punch).contains(state));
    }

    @Test
    void fiveOfTheTwelvePairsAreTransitions() {
        int allowed = 0;
        for (WorkState state : WorkState.values()) {
            for (PunchAction action : PunchAction.values()) {
                if (PunchStateMachine.allows(state, action)) {
                    allowed++;
                }
            }
        }
        assertEquals(5, allowed);
    }

    @Test
    void allowedFromIsWhatTheStorageConditionNeeds() {
        assertEquals(EnumSet.of(WorkState.OFF), PunchStateMachine.allowedFrom(PunchAction.PUNCH_IN));
        assertEquals(EnumSet.of(WorkState.WORKING), PunchStateMachine.allowedFrom(PunchAction.BREAK_START));
        assertEquals(EnumSet.of(WorkState.ON_BREAK), PunchStateMachine.allowedFrom(PunchAction.BREAK_END));
        assertEquals(
                EnumSet.of(WorkState.WORKING, WorkState.ON_BREAK),
                PunchStateMachine.allowedFrom(PunchAction.PUNCH_OUT));
    }

    @Test
    void allowedFromCannotBeModified() {
        assertThrows(
                UnsupportedOperationException.class,
                () -> PunchStateMachine.allowedFrom(PunchAction.PUNCH_IN).add(WorkState.WORKING));
    }

    @Test
    void wireNamesRoundTrip() {
        assertEquals("punch_in", PunchAction.PUNCH_IN.wire());
        assertEquals("punch_out", PunchAction.PUNCH_OUT.wire());
        assertEquals("break_start", PunchAction.BREAK_START.wire());
        assertEquals("break_end", PunchAction.BREAK_END.wire());
        assertEquals("off", WorkState.OFF.wire());
        assertEquals("working", WorkState.WORKING.wire());
        assertEquals("on_break", WorkState.ON_BREAK.wire());
        assertEquals("app", EntrySource.APP.wire());
        assertEquals("offline", EntrySource.OFFLINE.wire());
        assertEquals("admin", EntrySource.ADMIN.wire());
        assertEquals("auto", EntrySource.AUTO.wire());
        assertEquals("open", SessionStatus.OPEN.wire());
        assertEquals("complete", SessionStatus.COMPLETE.wire());
        assertEquals("auto_closed", SessionStatus.AUTO_CLOSED.wire());
        for (PunchAction action : PunchAction.values()) {
            assertSame(action, PunchAction.fromWire(action.wire()));
        }
        for (WorkState state : WorkState.values()) {
            assertSame(state, WorkState.fromWire(state.wire()));
        }
        for (EntrySource source : EntrySource.values()) {
            assertSame(source, EntrySource.fromWire(source.wire()));
        }
        for (SessionStatus status : SessionStatus.values()) {
            assertSame(status, SessionStatus.fromWire(status.wire()));
        }
    }

    @Test
    void unknownWireNamesAreRejected() {
        assertEquals(
                "unknown punch action: PUNCH_IN",
                assertThrows(IllegalArgumentException.class, () -> PunchAction.fromWire("PUNCH_IN"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> PunchAction.fromWire(null));
        assertThrows(IllegalArgumentException.class, () -> WorkState.fromWire("on-break"));
        assertThrows(IllegalArgumentException.class, () -> EntrySource.fromWire("APP"));
        assertThrows(IllegalArgumentException.class, () -> SessionStatus.fromWire("closed"));
    }
}
