package io.packops.ownership.hardening;

import io.packops.ownership.document.OwnershipFixtures;
import io.packops.testsupport.fuzz.HttpFuzz.Answer;
import io.packops.testsupport.fuzz.HttpFuzz.Request;
import io.packops.testsupport.fuzz.Limits;
import io.packops.testsupport.fuzz.Limits.Body;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static io.packops.ownership.hardening.OwnershipFuzzTest.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile sizes and shapes on every body ownership-service reads: refused quickly with a problem, never a 5xx.
 * Document PUTs carry a stale If-Match, so nothing is ever written.
 */
@QuarkusTest
class OwnershipLimitsTest {

    @TestHTTPResource("/")
    URI base;

    private static final List<Body> BODIES = List.of(
            new Body("PUT", "/v1/ownership", "application/yaml", ADMIN),
            new Body("PUT", "/v1/ownership", "application/json", ADMIN),
            new Body("POST", "/v1/ownership/import/backstage", "application/yaml", ADMIN),
            new Body("POST", "/v1/ownership/import/backstage", "application/json", ADMIN));

    @Test
    void aBodyDeclaredOverTheLimitIs413ProblemBeforeItIsRead() throws Exception {
        for (Body e : List.of(BODIES.get(0), BODIES.get(2))) {
            Limits.assertDeclaredBodyRefused(base, e, 5L * 1024 * 1024);
        }
    }

    @Test
    void aHundredThousandNestedLevelsAreA400() throws Exception {
        String deep = Limits.nestedJson(100_000);
        for (Body e : BODIES) {
            Answer a = answer(new Request(e.method(), e.path(), e.contentType(), "teams: " + deep, ADMIN));
            Answer b = answer(new Request(e.method(), e.path(), e.contentType(), deep, ADMIN));
            System.out.println("limits: " + e.method() + " " + e.path() + " (" + e.contentType() + ") nested 100,000 levels -> "
                    + a.status() + " / " + b.status() + " in " + a.millis() + " / " + b.millis() + " ms");
            assertThat(List.of(a.status(), b.status())).as(e.path()).allMatch(s -> s == 400 || s == 422);
        }
    }

    @Test
    void yamlBombsAreRefusedQuickly() throws Exception {
        String bomb = Limits.yamlBomb(OwnershipFixtures.sampleYaml());
        Answer put = answer(new Request("PUT", "/v1/ownership", "application/yaml", bomb, ADMIN).withHeader("If-Match", "\"987654321\""));
        Answer backstage = answer(Request.post("/v1/ownership/import/backstage", "application/yaml",
                Limits.yamlBomb("kind: Group\nmetadata: {name: bomb}\nspec: {children: [*a8]}\n"), ADMIN));
        System.out.println("limits: billion laughs -> PUT " + put.status() + " in " + put.millis() + " ms, Backstage import "
                + backstage.status() + " in " + backstage.millis() + " ms");
        assertThat(put.status()).isBetween(400, 422);
        assertThat(backstage.status()).isBetween(400, 422);
    }

    private Answer answer(Request request) throws Exception {
        return Limits.answerWithin(base,
                request.path().equals("/v1/ownership") ? request.withHeader("If-Match", "\"987654321\"") : request, 5_000);
    }
}
