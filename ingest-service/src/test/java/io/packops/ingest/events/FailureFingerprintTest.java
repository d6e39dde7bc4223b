package io.packops.ingest.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FailureFingerprintTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            invalid identifier 'AMOUNT'                                          | invalid identifier <name>
            column "amount" does not exist                                       | column <name> does not exist
            Unknown column `amount` in 'field list'                              | unknown column <name> in <name>
            can't find table 'charges'                                           | can't find table <name>
            Query 01b2c3d4-0602-7d8e-0000-a1b2c3d4e5f6 failed                    | query <uuid> failed
            failed at 2026-11-25T10:00:03.123Z after retry                       | failed at <ts> after retry
            failed at 2026-11-25 10:00:03+00 after retry                         | failed at <ts> after retry
            lock wait at 10:00:03.5 expired                                      | lock wait at <ts> expired
            timed out after 5400ms                                               | timed out after <duration>
            timed out after 30 seconds                                           | timed out after <duration>
            timed out after 1.5s                                                 | timed out after <duration>
            object 0x7f3a9c2e freed twice                                        | object <hex> freed twice
            job deadbeef42 failed                                                | job <hex> failed
            account acct_8812 has no access                                      | account <id> has no access
            error line 12 at position 7                                          | error line <num> at position <num>
            value -42.5 out of range                                             | value <num> out of range
            Numeric value 1e10 is too large                                      | numeric value <num> is too large
            Too    many     spaces	and tabs                                     | too many spaces and tabs
            password=[REDACTED] was refused for [EMAIL]                          | password=[redacted] was refused for [email]
            stripe__balance_transactions is stale                                | stripe__balance_transactions is stale
            ~~                                                                   | ~~
            """)
    void templatesReplaceTheVariableParts(String message, String template) {
        assertThat(FailureFingerprint.template(message)).isEqualTo(template);
    }

    @Test
    void sameErrorFrom300AccountsIsOneGroup() {
        Set<String> fingerprints = new HashSet<>();
        for (int account = 0; account < 300; account++) {
            String message = "SQL compilation error:\nerror line " + (1 + account % 17) + " at position " + (account % 40)
                    + "\ninvalid identifier 'AMOUNT'   (query id 01b2c3d4-0602-7d8e-0000-" + String.format("%012x", account * 7919L)
                    + ", elapsed " + (100 + account) + " ms)";
            fingerprints.add(FailureFingerprint.of("SQL_COMPILATION", "compile", message).fingerprint());
        }
        assertThat(fingerprints).hasSize(1);
    }

    @Test
    void identifierCaseAndQuotingDoNotSplitAGroup() {
        String a = FailureFingerprint.of("SQL_COMPILATION", "compile", "invalid identifier 'AMOUNT'").fingerprint();
        String b = FailureFingerprint.of("SQL_COMPILATION", "compile", "Invalid identifier \"amount\"").fingerprint();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void codeStageAndWordingSeparateGroups() {
        String base = FailureFingerprint.of("SQL_COMPILATION", "compile", "invalid identifier 'AMOUNT'").fingerprint();
        assertThat(FailureFingerprint.of("SQL_COMPILATION", "run", "invalid identifier 'AMOUNT'").fingerprint()).isNotEqualTo(base);
        assertThat(FailureFingerprint.of("OBJECT_NOT_FOUND", "compile", "invalid identifier 'AMOUNT'").fingerprint()).isNotEqualTo(base);
        assertThat(FailureFingerprint.of("SQL_COMPILATION", "compile", "object 'AMOUNT' does not exist").fingerprint()).isNotEqualTo(base);
    }

    @Test
    void fingerprintIsSixteenHexDigitsAndStable() {
        String fp = FailureFingerprint.fingerprint("SQL_COMPILATION", "compile", "invalid identifier <name>");
        assertThat(fp).matches("[0-9a-f]{16}");
        assertThat(FailureFingerprint.fingerprint("SQL_COMPILATION", "compile", "invalid identifier <name>")).isEqualTo(fp);
        // the parts are separated, so moving text between them changes the id
        assertThat(FailureFingerprint.fingerprint("SQL_COMPILATIONcompile", "", "invalid identifier <name>")).isNotEqualTo(fp);
    }

    @Test
    void storedTemplateIsCutButTheHashCoversAllOfIt() {
        String head = "x".repeat(FailureFingerprint.MAX_TEMPLATE_LENGTH + 10);
        FailureFingerprint.Failure a = FailureFingerprint.of("E", "run", head + " tail one");
        FailureFingerprint.Failure b = FailureFingerprint.of("E", "run", head + " tail two");
        assertThat(a.template()).hasSize(FailureFingerprint.MAX_TEMPLATE_LENGTH).isEqualTo(b.template());
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    }
}
