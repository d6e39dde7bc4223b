package io.packops.ownership.support;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI in a real browser: opening it unsigned lands on {@code /q/sign-in}, signing in there once brings the
 * person back to Swagger UI, which then loads the API description with the session cookie (no bearer header) and
 * lists the operations. Screenshots at 1280 px and 390 px go to {@code target/screenshots/} (or
 * {@code -Dpackops.screenshots=<dir>}) to look at. Skipped without chromium, like {@link SupportPageBrowserTest}.
 */
@QuarkusTest
class SwaggerUiBrowserTest {

    @TestHTTPResource("/")
    URL root;

    WebDriver browser;

    @BeforeEach
    void chromiumIsInstalled() {
        new SupportPageBrowserTest().chromiumIsInstalledAndTheDocumentHasAReadinessGap();
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonSignsInOnceAndSwaggerUiShowsTheApi() throws IOException {
        browser = SupportPageBrowserTest.chromium(true);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(root + "q/swagger-ui/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
        assertThat(browser.getCurrentUrl()).contains("/q/sign-in?next=");
        Path dir = Path.of(System.getProperty("packops.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        browser.manage().window().setSize(new Dimension(390, 844));
        Files.write(dir.resolve("swagger-sign-in-390.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(1280, 1000));

        browser.findElement(By.id("token")).sendKeys(AGENT);
        browser.findElement(By.id("sign-in-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .opblock")));
        assertThat(browser.getCurrentUrl()).endsWith("/q/swagger-ui/");
        assertThat(browser.findElement(By.cssSelector(".swagger-ui .info .title")).getText()).containsIgnoringCase("ownership");
        assertThat(browser.findElements(By.cssSelector(".swagger-ui .opblock-summary-path")))
                .anySatisfy(p -> assertThat(p.getText()).contains("/v1/lookup"));
        assertThat(browser.findElements(By.cssSelector(".swagger-ui .btn.authorize"))).isNotEmpty(); // bearer "Authorize" too

        for (int width : new int[] {1280, 390}) {
            browser.manage().window().setSize(new Dimension(width, 1000));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .opblock")));
            Path png = dir.resolve("swagger-ownership-" + width + ".png");
            Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(png)).isGreaterThan(10_000);
        }
    }
}
