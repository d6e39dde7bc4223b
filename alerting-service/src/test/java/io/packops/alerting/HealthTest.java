package io.packops.alerting;

import io.packops.testsupport.service.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.is;

/** Health, metrics and the API description: {@link HealthChecks}. */
@QuarkusTest
class HealthTest extends HealthChecks {

    @Override
    protected void describesThisService(ValidatableResponse openApi) {
        openApi.body("info.title", is("packops alerting-service"));
    }
}
