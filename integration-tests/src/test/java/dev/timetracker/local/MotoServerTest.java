package dev.timetracker.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The moto lane fails at once, saying what to install, when moto's server cannot run. */
class MotoServerTest {
    @Test
    void aMissingProgramFailsAtOnceNamingTheInstallCommand() {
        var error = assertThrows(IllegalStateException.class, () -> MotoServer.start("/nonexistent/moto_server", null));
        assertTrue(error.getMessage().contains("Cannot run /nonexistent/moto_server"), error::getMessage);
        assertTrue(error.getMessage().contains(MotoServer.INSTALL), error::getMessage);
    }

    @Test
    void aProgramThatExitsBeforeAnsweringFailsWithItsStatusAndOutput() {
        // "false" ignores moto's arguments and exits with 1 at once, like a moto_server shim without moto behind it.
        var error = assertThrows(IllegalStateException.class, () -> MotoServer.start("false", null));
        assertTrue(error.getMessage().contains("false exited with status 1 before answering"), error::getMessage);
    }
}
