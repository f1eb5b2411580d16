package io.invsync.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
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
        // the console, to see that nothing the page does is refused by its Content-Security-Policy
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
    }

    /** What the browser showed at the end of each test, for a reader of the build's output (target/). */
    @AfterEach
    void keepScreenshot(TestInfo test) throws IOException {
        if (driver != null) {
            screenshot(test.getTestMethod().map(m -> m.getName()).orElse("page"));
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

    /** Explains the value until the page shows what {@code shown} asserts: the events arrive on several consumers. */
    private void explainUntil(String sku, org.awaitility.core.ThrowingRunnable shown) {
        await().atMost(WAIT).untilAsserted(() -> {
            byId("sku").clear();
            byId("sku").sendKeys(sku);
            byId("explain").click();
            idle();
            shown.run();
        });
    }

    @Test
    void explainsASkuThatTheCartShowsWrongly() {
        Scenario s = Scenario.of("web", x -> {
            x.cartQuantity = 5L;
            x.cartReadAt = x.now.minus(Duration.ofSeconds(30));
        }).publish(events());

        openPageWithKey();
        pick(s);
        byId("tab-sku").click();
        explainUntil(s.sku, () -> assertThat(byId("cause").getText()).isEqualTo("QUANTITY_MATCH"));

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
        WebElement location = driver.findElement(By.cssSelector("#locations tr[data-location='DEFAULT']"));
        assertThat(location.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("DEFAULT", "WH-1 7", "no rule", "7", "5", "NOT SYNCED (QUANTITY_MATCH)");
        assertKeyNotShown();
    }

    @Test
    void showsTheRuleStepsOfALocationWithTheirNumbers() {
        Scenario s = Scenario.of("web-rules", x -> {
            x.rules = new io.invsync.events.ChannelRules(2L, 50, null);
            x.cartQuantity = 2L;
            x.pushedQuantity = 2L;
        }).publish(events());

        openPageWithKey();
        pick(s);
        byId("tab-sku").click();
        explainUntil(s.sku, () -> assertThat(quantity("afterRules")).isEqualTo("2"));

        // available 7: buffer 2 → 5, 50 % → 2
        WebElement location = driver.findElement(By.cssSelector("#locations tr[data-location='DEFAULT']"));
        assertThat(location.findElements(By.tagName("td")).get(2).getText())
                .isEqualTo("buffer 2: 7 → 5; 50%: 5 → 2");
        assertThat(driver.findElement(By.cssSelector("#checks tr[data-check='CHANNEL_RULES']"))
                .getAttribute("data-status")).isEqualTo("WARN");
        assertThat(quantity("expected")).isEqualTo("2");
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

    /** Each bar's label and count, top to bottom, as its data attributes say (what it is drawn from). */
    private List<String> bars(String chart) {
        return driver.findElements(By.cssSelector("#" + chart + " g.bar")).stream()
                .map(bar -> bar.getAttribute("data-label") + "=" + bar.getAttribute("data-count")).toList();
    }

    /** And as the browser drew them: the label and count texts of each bar. */
    private List<String> barTexts(String chart) {
        return driver.findElements(By.cssSelector("#" + chart + " g.bar")).stream()
                .map(bar -> bar.findElement(By.cssSelector(".bar-label")).getText() + "="
                        + bar.findElement(By.cssSelector(".bar-count")).getText()).toList();
    }

    private String fact(String list, String term) {
        return driver.findElement(By.cssSelector("#" + list + " dd[data-fact='" + term + "']")).getText();
    }

    /** The whole page as it shows now, into target/browser-test/ (docs/ takes overview.png from there). */
    private void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "browser-test"));
        Dimension size = driver.manage().window().getSize();
        // the whole page, not only the first screen of it
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.max(size.getHeight(), height + 120)));
        try {
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    @Test
    void overviewChartsTheCartsValuesByVerdictAndCauseAndItsSyncLagFromTheRecords() throws IOException {
        CartOverviewScenario cart = new CartOverviewScenario("web-overview").publish(this);

        openPageWithKey();
        pick(cart.inSync);
        assertThat(byId("overview-view").isDisplayed()).as("the overview is the first view").isTrue();
        // the counts pass through other causes while the records arrive: refresh until they settle
        await().atMost(WAIT).untilAsserted(() -> {
            byId("refresh-overview").click();
            idle();
            assertThat(bars("cause-chart")).containsExactly("CART_HAS_SKU=1", "CART_LAST_PUSH=1", "QUANTITY_MATCH=2");
            assertThat(byId("lag-summary").getText()).startsWith("3 pushes");
        });

        assertThat(barTexts("cause-chart")).containsExactly("CART_HAS_SKU=1", "CART_LAST_PUSH=1", "QUANTITY_MATCH=2");
        assertThat(bars("verdict-chart")).containsExactly("NOT_SYNCED=4", "in sync or pending=1");
        assertThat(barTexts("verdict-chart")).containsExactly("NOT_SYNCED=4", "in sync or pending=1");
        // the longest bar is the largest count
        List<WebElement> causeBars = driver.findElements(By.cssSelector("#cause-chart g.bar rect"));
        assertThat(Double.parseDouble(causeBars.get(2).getAttribute("width")))
                .isGreaterThan(Double.parseDouble(causeBars.get(0).getAttribute("width")));
        // the text alternatives: the charts' labels and the tables beside them
        assertThat(driver.findElement(By.cssSelector("#cause-chart svg")).getAttribute("role")).isEqualTo("img");
        assertThat(driver.findElement(By.cssSelector("#cause-chart svg")).getAttribute("aria-label"))
                .isEqualTo("Not synced values by cause: CART_HAS_SKU 1, CART_LAST_PUSH 1, QUANTITY_MATCH 2");
        assertThat(driver.findElement(By.cssSelector("#verdict-chart svg")).getAttribute("aria-label"))
                .isEqualTo("Values by verdict: NOT_SYNCED 4, in sync or pending 1");
        assertThat(driver.findElements(By.cssSelector("#cause-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-cause") + "=" + row.findElements(By.tagName("td")).get(1).getText())
                .toList()).containsExactly("CART_HAS_SKU=1", "CART_LAST_PUSH=1", "QUANTITY_MATCH=2");
        assertThat(byId("values-total").getText()).startsWith("5 alias values in this cart");

        // the lag histogram: three pushes, one in each of three buckets, each bucket's range holding its lag
        List<WebElement> buckets = driver.findElements(By.cssSelector("#lag-chart g.bucket"));
        assertThat(buckets.stream().mapToLong(b -> Long.parseLong(b.getAttribute("data-count"))).sum()).isEqualTo(3);
        for (long seconds : CartOverviewScenario.LAGS) {
            assertThat(buckets).as("the bar of " + seconds + " s").filteredOn(b ->
                    Double.parseDouble(b.getAttribute("data-from")) < seconds
                            && seconds <= Double.parseDouble(b.getAttribute("data-to")))
                    .singleElement().satisfies(b -> assertThat(b.getAttribute("data-count")).isEqualTo("1"));
        }
        assertThat(driver.findElement(By.cssSelector("#lag-chart svg")).getAttribute("aria-label"))
                .startsWith("Sync lag: 3 pushes, mean 3.7 min; p50 ≤ ");
        assertThat(driver.findElements(By.cssSelector("#lag-table tbody tr"))).hasSize(3);

        assertThat(byId("run-status").getText()).startsWith("RUNNING since").endsWith("120 records read so far");
        assertThat(byId("run-progress").isDisplayed()).isTrue();
        assertThat(fact("run", "rejected")).isEqualTo("2");
        assertThat(fact("reconciliation", "values read from the cart")).isEqualTo("5 of 5");
        assertThat(fact("reconciliation", "newest read")).isEqualTo(cart.driftB.cartReadAt.toString());
        assertThat(fact("reconciliation", "QUANTITY_MATCH (cart differs)")).isEqualTo("2");
        assertThat(byId("dlq-summary").getText()).contains("none of the kept ones is this merchant's");
        screenshot("overview");
        assertKeyNotShown();
        assertNothingRefusedByTheContentSecurityPolicy();
    }

    /** The charts are drawn without inline styles or scripts: the browser's console reports no CSP refusal. */
    private void assertNothingRefusedByTheContentSecurityPolicy() {
        List<String> console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertThat(console).noneMatch(line -> line.contains("Content Security Policy")
                || line.contains("Content-Security-Policy"));
    }

    @Test
    void aCauseOfTheOverviewOpensTheReportWhoseCsvLinkDownloadsItsRows() throws Exception {
        CartOverviewScenario cart = new CartOverviewScenario("web-csv").publish(this);

        openPageWithKey();
        pick(cart.inSync);
        By quantityMatch = By.cssSelector("#cause-chart g.bar[data-label='QUANTITY_MATCH'] rect");
        await().atMost(WAIT).untilAsserted(() -> {
            byId("refresh-overview").click();
            idle();
            assertThat(bars("cause-chart")).containsExactly("CART_HAS_SKU=1", "CART_LAST_PUSH=1", "QUANTITY_MATCH=2");
        });
        driver.findElement(quantityMatch).click();
        idle();

        assertThat(byId("discrepancies-view").isDisplayed()).isTrue();
        assertThat(new Select(byId("cause-filter")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("QUANTITY_MATCH");
        List<WebElement> rows = driver.findElements(By.cssSelector("#discrepancies tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-alias-value"))
                .containsExactly(cart.driftA.sku, cart.driftB.sku);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.getAttribute("data-drift")).isEqualTo("true");
            assertThat(r.findElement(By.cssSelector(".drift-mark")).getText()).isEqualTo("⚠ drift");
        });
        assertThat(rows.get(0).findElements(By.tagName("td")).get(4).getText())
                .isEqualTo(cart.driftA.cartReadAt.toString());

        WebElement link = byId("download-csv");
        assertThat(link.getText()).isEqualTo("Download CSV");
        assertThat(link.getAttribute("download")).isEqualTo("discrepancies-" + cart.merchantId() + "-"
                + cart.cartId() + ".csv");
        // a browser's download is hard to read back: the link's own address, fetched with the key as the page does
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                link.getAttribute("href"))).header("X-Api-Key", READ_KEY).header("Accept", "text/csv").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"discrepancies-m-web-csv-c-web-csv.csv\"");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("aliasValue,cause,drift,expected,pushed,cart,cartReadAt,lastSync,finding");
        assertThat(lines[1]).startsWith(cart.driftA.sku + ",QUANTITY_MATCH,true,7,7,5," + cart.driftA.cartReadAt);
        assertThat(lines[2]).startsWith(cart.driftB.sku + ",QUANTITY_MATCH,true,7,7,5," + cart.driftB.cartReadAt);

        // the page's own download: the link, clicked, fetches with the key and raises no error
        link.click();
        idle();
        assertThat(byId("message").isDisplayed()).isFalse();
        assertKeyNotShown();
    }

    @Test
    void aSkusHistoryIsATimelineOfItsEventsNewestFirstWithTheDriftMarked() {
        Scenario s = Scenario.of("web-history", x -> {
        }).publish(events()); // level at -10m (7), cart read at -5m (7), push of 7 at -1m
        Instant secondLevelAt = s.now.minusSeconds(30);
        Instant secondPushAt = s.now.minusSeconds(20);
        Instant driftReadAt = s.now.minusSeconds(10);
        s.levels = Map.of("WH-1", new long[] {12, 3});
        s.levelObservedAt = secondLevelAt;
        s.levelLoadedAt = secondLevelAt;
        s.publishLevel(events());
        s.pushedQuantity = 9L;
        s.attemptedAt = secondPushAt;
        s.syncedAt = secondPushAt;
        s.publishPushResult(events());
        s.cartQuantity = 4L;
        s.cartReadAt = driftReadAt;
        s.publishCartProduct(events());

        openPageWithKey();
        pick(s);
        byId("tab-sku").click();
        By events = By.cssSelector("#timeline li.event");
        explainUntil(s.sku, () -> assertThat(driver.findElements(events)).hasSize(6));

        assertThat(driver.findElements(events)).extracting(e -> e.getAttribute("data-kind") + "@"
                + e.getAttribute("data-at") + "=" + e.getAttribute("data-quantity")).containsExactly(
                "CART_READ@" + driftReadAt + "=4",
                "PUSH@" + secondPushAt + "=9",
                "LEVEL@" + secondLevelAt + "=9",
                "PUSH@" + s.now.minus(Duration.ofMinutes(1)) + "=7",
                "CART_READ@" + s.now.minus(Duration.ofMinutes(5)) + "=7",
                "LEVEL@" + s.now.minus(Duration.ofMinutes(10)) + "=7");
        List<WebElement> items = driver.findElements(events);
        assertThat(items.get(0).getAttribute("data-drift")).isEqualTo("true");
        assertThat(items.get(0).findElement(By.cssSelector(".drift-mark")).getText())
                .isEqualTo("⚠ drift: the cart held 4, invsync had confirmed 9");
        assertThat(items.get(0).findElement(By.tagName("time")).getText()).isEqualTo(driftReadAt.toString());
        assertThat(items.get(1).findElement(By.cssSelector(".kind")).getText()).isEqualTo("Pushed");
        assertThat(items.get(1).findElement(By.cssSelector(".what")).getText()).isEqualTo("9 — PUSHED");
        assertThat(items.get(1).getText()).contains("from available 9, floor 0");
        assertThat(items.get(2).findElement(By.cssSelector(".what")).getText())
                .isEqualTo("9 available for product " + s.productId);
        assertThat(items.get(2).getText()).contains("WH-1: on hand 12, allocated 3, available 9");
        assertThat(items.get(4).getAttribute("data-drift")).as("nothing was confirmed before that read").isNull();
        assertThat(driver.findElements(By.cssSelector("#timeline .drift-mark"))).hasSize(1);
        assertThat(byId("older").isDisplayed()).isFalse();
        assertKeyNotShown();
    }

    @Test
    void olderPagesTheTimelineBackUntilTheFirstEvent() throws Exception {
        Scenario s = Scenario.of("web-history-pages", x -> {
        }).publish(events()); // a level, a cart read, a push
        Instant start = s.now.minus(Duration.ofSeconds(50));
        for (int i = 0; i < 25; i++) {
            s.pushedQuantity = (long) i;
            s.attemptedAt = start.plusSeconds(i);
            s.syncedAt = s.attemptedAt;
            s.publishPushResult(events());
        }
        // every event read, whichever topic it came through, so that the pages do not change under the test
        await().atMost(WAIT).until(() -> getJson("/api/diagnostics/merchants/" + s.merchantId + "/carts/" + s.cartId
                + "/skus/" + s.sku + "/history?limit=500").get("items").size() == 28);

        openPageWithKey();
        pick(s);
        byId("tab-sku").click();
        By events = By.cssSelector("#timeline li.event");
        explainUntil(s.sku, () -> {
            assertThat(driver.findElements(events)).hasSize(20);
            assertThat(driver.findElements(events).get(0).getAttribute("data-quantity")).isEqualTo("24");
        });
        assertThat(byId("older").isDisplayed()).isTrue();

        byId("older").click();
        idle();

        List<WebElement> all = driver.findElements(events);
        assertThat(all).hasSize(28);
        List<Instant> times = all.stream().map(e -> Instant.parse(e.getAttribute("data-at"))).toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(all.get(all.size() - 1).getAttribute("data-kind")).isEqualTo("LEVEL");
        assertThat(byId("older").isDisplayed()).isFalse();
    }

    /** The key is sent as a header only: not in the page's text, its markup, its address or the key field. */
    private void assertKeyNotShown() {
        assertThat(driver.getPageSource()).doesNotContain(READ_KEY);
        assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain(READ_KEY);
        assertThat(driver.getCurrentUrl()).doesNotContain(READ_KEY);
        assertThat(byId("api-key").getAttribute("value")).isEmpty();
    }
}
