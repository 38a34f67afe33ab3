package dev.timetracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeZonesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Europe/Berlin",
                "America/Argentina/Buenos_Aires",
                "America/New_York",
                "Asia/Kolkata",
                "Pacific/Auckland",
                "Antarctica/Troll",
                "Australia/Lord_Howe",
                "Indian/Maldives",
                "Atlantic/Azores",
                "Africa/Casablanca",
                "America/Port-au-Prince",
                "UTC",
                "Etc/UTC"
            })
    void regionZonesAndUtcAreAccepted(String name) {
        assertEquals(ZoneId.of(name), TimeZones.parseIana(name).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SystemV/AST4",
                "SystemV/EST5EDT",
                "US/Eastern",
                "Canada/Pacific",
                "EST5EDT",
                "EST",
                "CET",
                "Japan",
                "GMT",
                "Etc/GMT+5",
                "Etc/GMT-14",
                "+02:00",
                "UTC+2",
                "Z",
                "Europe/Atlantis",
                "europe/berlin",
                "Mars/Base",
                "",
                "Europe/Berlin/"
            })
    void javaOnlyIdsAliasesOffsetsAndUnknownNamesAreRefused(String name) {
        assertTrue(TimeZones.parseIana(name).isEmpty(), name);
    }
}
