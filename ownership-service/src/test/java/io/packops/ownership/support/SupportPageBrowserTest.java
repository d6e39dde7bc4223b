package io.packops.ownership.support;

import io.packops.ownership.document.OwnershipFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.edit;
import static io.packops.ownership.document.OwnershipFixtures.store;
import static io.packops.ownership.document.OwnershipFixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A support agent's real lookup in headless Chromium (Debian's chromium and chromium-driver, no Selenium Manager
 * download): sign in by typing the token, type connector, pack and time, read what the page shows. Also with
 * JavaScript switched off, which the page must not need. Without chromedriver the test is skipped, except in CI
 * (env {@code CI} set) where it fails.
 */
@QuarkusTest
class SupportPageBrowserTest {

    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final String INSTALL = "install them with: sudo apt-get install -y chromium chromium-driver "
            + "(or set CHROMEDRIVER and CHROMIUM to their paths)";
    /** Friday 27 Nov 2026: Bo's override (09:00Z to Sat 09:00Z) beats Dana's business-hours layer. */
    static final String AT = "2026-11-27T10:00:00Z";

    /** Selenium looks for a CDP module matching the browser's version; the test uses none. */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    @TestHTTPResource("/")
    URL root;

    WebDriver browser;

    @BeforeEach
    void chromiumIsInstalledAndTheDocumentHasAReadinessGap() {
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            String why = "the browser test needs " + String.join(" and ", missing) + ": " + INSTALL;
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        // the connector-wide stripe rule has no runbook: a readiness gap the page must list
        store(edit(variant(), "rules[0].runbook", OwnershipFixtures.DELETE));
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static WebDriver chromium(boolean javascript) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1000");
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        return new ChromeDriver(service, options);
    }

    @Test
    void anAgentSignsInAndLooksUpStripeRevenue() {
        browser = chromium(true);
        lookUpStripeRevenueAndCheckWhatTheAgentSees();
    }

    @Test
    void thePageWorksWithJavaScriptDisabled() {
        browser = chromium(false);
        // the browser really runs no script: this one would replace the text
        browser.get("data:text/html,<p id=x>off</p><script>document.getElementById('x').textContent='on'</script>");
        assertThat(browser.findElement(By.id("x")).getText()).isEqualTo("off");

        lookUpStripeRevenueAndCheckWhatTheAgentSees();
    }

    private void lookUpStripeRevenueAndCheckWhatTheAgentSees() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(root.toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
        assertThat(browser.findElements(By.id("lookup-form"))).isEmpty();

        // a wrong token first: the page says so and asks again
        browser.findElement(By.id("token")).sendKeys("not-a-token");
        browser.findElement(By.id("sign-in-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problem")));
        assertThat(browser.findElement(By.id("problem")).getText()).contains("that token is not valid");

        browser.findElement(By.id("token")).sendKeys(AGENT);
        browser.findElement(By.id("sign-in-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lookup-form")));
        Cookie cookie = browser.manage().getCookieNamed("packops_session");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getValue()).doesNotContain(AGENT);
        assertThat(browser.findElement(By.id("sign-out")).getText()).contains("Signed in as agent");

        browser.findElement(By.id("connector")).sendKeys("stripe");
        browser.findElement(By.id("pack")).sendKeys("stripe-revenue");
        browser.findElement(By.id("at")).sendKeys(AT);
        browser.findElement(By.id("look-up")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("result")));

        assertThat(browser.getCurrentUrl()).contains("connector=stripe", "pack=stripe-revenue");
        assertThat(browser.getTitle()).contains("stripe-revenue");
        assertThat(text("owner")).contains("Billing packs", "#billing-packs", "billing-packs@example.com");
        assertThat(text("rule")).contains("stripe/stripe-revenue", "matched by pack");

        List<WebElement> levels = browser.findElements(By.cssSelector("#oncall li.level"));
        assertThat(levels).hasSize(2);
        assertThat(levels.get(0).getText()).contains("Level 1", "Bo Chen", "until 2026-11-28 09:00 UTC", "schedule billing-primary");
        assertThat(levels.get(1).getText()).contains("Level 2", "after 15 min", "Dana Okafor", "person dana");

        assertThat(text("escalation")).contains("billing-default", "repeats once");
        WebElement runbook = browser.findElement(By.cssSelector("#runbook a"));
        assertThat(runbook.getAttribute("href"))
                .isEqualTo("https://git.example.com/packops/blob/main/runbooks/pack-install-failures.md");
        assertThat(runbook.getText()).isEqualTo("runbooks/pack-install-failures.md");
        assertThat(text("queue")).isEqualTo("tier2-billing");
        assertThat(text("reply")).isEqualTo(
                "Thanks for reporting this. The stripe-revenue pack is owned by Billing packs; we are looking into it.");
        assertThat(text("routes")).isEqualTo("PagerDuty, Slack webhook");

        List<String> gaps = browser.findElements(By.cssSelector("#gaps tr.gap")).stream().map(WebElement::getText).toList();
        assertThat(gaps).anySatisfy(row -> assertThat(row).startsWith("error").contains("rule:stripe", "has no runbook"));
        assertThat(browser.getPageSource()).doesNotContain("${", "PD_BILLING_PACKS", "pd-billing-0123456789abcdef");

        // a typo: the problem is shown, the form keeps what was typed, nothing else breaks
        WebElement connector = browser.findElement(By.id("connector"));
        connector.clear();
        connector.sendKeys("Stripe!");
        browser.findElement(By.id("look-up")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problem")));
        assertThat(text("problem")).contains("'Stripe!' is not a connector slug");
        assertThat(browser.findElement(By.id("connector")).getAttribute("value")).isEqualTo("Stripe!");
        assertThat(browser.findElements(By.id("result"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#gaps tr.gap"))).isNotEmpty();

        browser.findElement(By.cssSelector("#sign-out button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
        assertThat(browser.manage().getCookieNamed("packops_session")).isNull();
        browser.get(root + "?connector=stripe");
        assertThat(browser.findElements(By.id("result"))).isEmpty();
        assertThat(browser.findElements(By.id("token"))).hasSize(1);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }
}
