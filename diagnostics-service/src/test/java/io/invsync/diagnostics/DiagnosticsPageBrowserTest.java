package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;

/**
 * The web page in a real browser: Debian's chromium driven through its chromedriver. Where either is missing the
 * test is skipped, visibly (an assumption fails, so surefire reports it as skipped). Installed with
 * {@code apt-get install -y chromium chromium-driver}; other paths through {@code -Dinvsync.chromium=...} and
 * {@code -Dwebdriver.chrome.driver=...}.
 */
class DiagnosticsPageBrowserTest extends BrokerTestSupport {

    private static final String CHROMIUM = System.getProperty("invsync.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");

    @Value("${local.server.port}")
    int port;

    private Path profile;
    private ChromeDriverService service;
    private WebDriver driver;
    private WebDriverWait wait;

    /**
     * Checked before each test rather than once for the class: surefire reports a test whose assumption failed
     * as skipped, but a class whose {@code @BeforeAll} assumption failed as no tests at all.
     */
    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "browser test skipped: no chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER
                        + " (apt-get install -y chromium chromium-driver)");
        if (driver != null) {
            return;
        }
        profile = Files.createTempDirectory("invsync-chromium-");
        // the driver and the browser are named, so Selenium Manager never looks for (or downloads) either
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1024",
                "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
    }

    /** What the browser showed at the end of each test, for a reader of the build's output (target/). */
    @AfterEach
    void keepScreenshot(TestInfo test) throws IOException {
        if (driver instanceof TakesScreenshot camera) {
            Path dir = Files.createDirectories(Path.of("target", "browser-test"));
            Files.write(dir.resolve(test.getTestMethod().map(m -> m.getName()).orElse("page") + ".png"),
                    camera.getScreenshotAs(OutputType.BYTES));
        }
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Waits until the page has no request in flight (app.js counts them on body[data-pending]). */
    private void idle() {
        wait.until(d -> "0".equals(d.findElement(By.tagName("body")).getAttribute("data-pending")));
    }

    private String quantity(String name) {
        return driver.findElement(By.cssSelector("#quantities [data-quantity='" + name + "'] .value")).getText();
    }

    private void openPageWithKey() {
        driver.get("http://localhost:" + port + "/");
        // each test starts without a key, as a new tab would
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(READ_KEY);
        byId("use-key").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
        idle();
        assertThat(byId("key-form").isDisplayed()).as("the key field, once a key is set").isFalse();
        assertThat(byId("key-status").isDisplayed()).isTrue();
    }

    private void pick(Scenario s) {
        // the merchant list is read once the key is entered; the scenario was published just before
        await().atMost(WAIT).untilAsserted(() -> {
            if (driver.findElements(By.cssSelector("#merchant option[value='" + s.merchantId + "']")).isEmpty()) {
                byId("reload-merchants").click();
                idle();
            }
            assertThat(driver.findElements(By.cssSelector("#merchant option[value='" + s.merchantId + "']")))
                    .isNotEmpty();
        });
        new Select(byId("merchant")).selectByValue(s.merchantId);
        new Select(byId("cart")).selectByValue(s.cartId);
    }

    @Test
    void explainsASkuThatTheCartShowsWrongly() {
        Scenario s = Scenario.of("web", x -> {
            x.cartQuantity = 5L;
            x.cartReadAt = x.now.minus(Duration.ofSeconds(30));
        }).publish(events());

        openPageWithKey();
        pick(s);
        // the events arrive on several consumers: explain until the last of them has been read
        await().atMost(WAIT).untilAsserted(() -> {
            byId("sku").clear();
            byId("sku").sendKeys(s.sku);
            byId("explain").click();
            idle();
            assertThat(byId("cause").getText()).isEqualTo("QUANTITY_MATCH");
        });

        assertThat(byId("verdict").getText()).isEqualTo("NOT_SYNCED");
        WebElement failed = driver.findElement(By.cssSelector("#checks tr[data-check='QUANTITY_MATCH']"));
        assertThat(failed.getAttribute("data-status")).isEqualTo("FAIL");
        assertThat(failed.findElement(By.cssSelector(".mark")).getText()).contains("FAIL");
        assertThat(failed.findElement(By.cssSelector(".finding")).getText()).contains("shows 5 but 7 is expected");
        assertThat(failed.findElement(By.cssSelector(".remedy")).getText()).contains("resync");
        assertThat(driver.findElements(By.cssSelector("#checks tr[data-status='FAIL']"))).hasSize(1);
        assertThat(driver.findElement(By.cssSelector("#checks tr[data-check='QUANTITY_BASIS']"))
                .getAttribute("data-status")).isEqualTo("PASS");
        assertThat(quantity("onHand")).isEqualTo("10");
        assertThat(quantity("available")).isEqualTo("7");
        assertThat(quantity("inFlightOrders")).isEqualTo("0");
        assertThat(quantity("expected")).isEqualTo("7");
        assertThat(quantity("pushed")).isEqualTo("7");
        assertThat(quantity("cart")).isEqualTo("5");
        assertKeyNotShown();
    }

    @Test
    void opensADiscrepancysChecklistFromTheList() {
        Scenario s = Scenario.of("web-list", x -> x.cartUploadEnabled = false).publish(events());

        openPageWithKey();
        pick(s);
        byId("tab-discrepancies").click();
        idle();
        By row = By.cssSelector("#discrepancies tbody tr[data-alias-value='" + s.sku + "']");
        await().atMost(WAIT).untilAsserted(() -> {
            byId("refresh-discrepancies").click();
            idle();
            assertThat(driver.findElements(row)).isNotEmpty();
            assertThat(driver.findElement(row).getAttribute("data-cause")).isEqualTo("CART_INVENTORY_UPLOAD");
        });
        assertThat(byId("page-info").getText()).isEqualTo("1–1 of 1");

        driver.findElement(row).click();
        idle();

        assertThat(byId("cause").getText()).isEqualTo("CART_INVENTORY_UPLOAD");
        assertThat(byId("sku-view").isDisplayed()).isTrue();
        assertThat(byId("verdict").getText()).isEqualTo("NOT_SYNCED");
        assertThat(driver.findElement(By.cssSelector("#checks tr[data-check='CART_INVENTORY_UPLOAD']"))
                .getAttribute("data-status")).isEqualTo("FAIL");
        assertKeyNotShown();
    }

    /** The key is sent as a header only: not in the page's text, its markup, its address or the key field. */
    private void assertKeyNotShown() {
        assertThat(driver.getPageSource()).doesNotContain(READ_KEY);
        assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain(READ_KEY);
        assertThat(driver.getCurrentUrl()).doesNotContain(READ_KEY);
        assertThat(byId("api-key").getAttribute("value")).isEmpty();
    }
}
