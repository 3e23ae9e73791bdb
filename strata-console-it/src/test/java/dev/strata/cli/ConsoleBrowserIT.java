package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
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
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's journeys in a real browser: Debian's headless chromium, driven by Selenium through chromedriver,
 * against {@code strata serve} running the retail example on the real engine. Every page visited must log no error
 * in the browser's console (a script error, a refused asset or a Content-Security-Policy violation fails the test),
 * and each journey leaves screenshots under {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Path EXAMPLE = Path.of("..", "examples", "retail");

    @TempDir
    static Path work;

    static ServeProcess serve;
    static WebDriver browser;
    static String base;
    static String viewerKey;
    static String operatorKey;
    /** The retail run the operator started and watched: the viewer's journey reads its outcome. */
    static String watchedRun;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (.ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER)
                .as("Debian's chromium-driver (.ci/run installs it)")
                .isExecutable();
        TestFiles.copyTree(
                EXAMPLE.resolve("data"),
                work.resolve("pipelines").resolve("retail").resolve("data"));
        serve = ServeProcess.start(
                work, Map.of("STRATA_MAX_CONCURRENT_RUNS", "1", "STRATA_JAVA_OPTS", ChildJvms.ENGINE_OPTIONS));
        HttpResponse<String> registered = serve.call(
                "POST", "/api/v1/pipelines", "application/yaml", Files.readString(EXAMPLE.resolve("pipeline.yaml")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        viewerKey = serve.key("viewer");
        operatorKey = serve.key("operator");
        base = serve.url("");
        assertThat(serve.output.toString())
                .as("strata serve says where its console is")
                .contains("strata serve: console at " + serve.url("/console"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--user-data-dir=" + work.resolve("chromium-profile"),
                "--window-size=1280,800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (serve != null) {
            serve.close();
        }
    }

    @AfterEach
    void noConsoleErrors(TestInfo test) {
        screenshot(test.getTestMethod().orElseThrow().getName() + "-end");
        assertThat(consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Test
    @Order(1)
    void anOperatorStartsARunWatchesItSucceedAndCancelsAnother() throws Exception {
        signIn(operatorKey);
        open("/console/pipelines/retail");
        browser.findElement(By.id("run-now")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().matches(".*/console/runs/[^/]+$"));
        watchedRun = browser.getCurrentUrl().replaceAll(".*/console/runs/", "");
        screenshot("operator-run-started");

        // A second run waits behind the first (one run at a time): the operator cancels it from its page.
        JsonNode queued =
                ServeProcess.json(serve.call("POST", "/api/v1/pipelines/retail/runs", "application/json", "{}"));
        String other = queued.get("run_id").asText();
        open("/console/runs/" + other);
        browser.findElement(By.id("cancel")).click();
        wait(Duration.ofSeconds(10)).until(d -> text(By.id("run-state")).equals("cancelled"));
        assertThat(browser.findElements(By.id("cancel"))).isEmpty();

        // The watched run's page updates itself until the run ends: no reload (the marker set on the page stays).
        open("/console/runs/" + watchedRun);
        ((JavascriptExecutor) browser).executeScript("window.strataMarker = 'same page';");
        wait(Duration.ofMinutes(4)).until(d -> text(By.id("run-state")).matches("succeeded|failed|cancelled"));
        assertThat(text(By.id("run-state"))).as(text(By.id("progress"))).isEqualTo("succeeded");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.strataMarker;"))
                .isEqualTo("same page");
        assertThat(browser.findElement(By.cssSelector("tr[data-dataset='silver.orders'] td.written"))
                        .getText())
                .isEqualTo("180");
        assertThat(browser.findElements(By.cssSelector("#progress tr[data-dataset]")))
                .hasSize(6);
        assertThat(browser.findElement(By.id("rerun")).isDisplayed()).isTrue();
        screenshot("operator-run-succeeded");
    }

    @Test
    @Order(2)
    void aViewerOpensThePipelineGraphAndADatasetsQuarantine() throws Exception {
        signIn(viewerKey);
        browser.findElement(By.cssSelector("tr[data-pipeline='retail'] a")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console/pipelines/retail"));
        WebElement node = browser.findElement(By.cssSelector("svg [data-dataset='silver.orders']"));
        assertThat(node.getAttribute("class")).contains("state-succeeded");
        String counts = (String) ((JavascriptExecutor) browser).executeScript("return arguments[0].textContent;", node);
        assertThat(counts).contains("in 195 · written 180").contains("quarantined 9 · dropped 6");
        assertThat(browser.findElements(By.cssSelector("svg .node"))).hasSize(6);
        screenshot("viewer-pipeline-graph");

        ((JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].closest('a').dispatchEvent(new MouseEvent('click', {bubbles: true}));", node);
        wait(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/datasets/silver.orders"));
        assertThat(text(By.id("format"))).isEqualTo("delta");
        assertThat(text(By.id("location"))).endsWith("silver/orders");
        assertThat(text(By.id("version"))).isEqualTo("0");
        assertThat(browser.findElements(By.cssSelector("table.schema tbody tr td:first-child")).stream()
                        .map(WebElement::getText)
                        .toList())
                .contains("order_id", "customer_id", "amount");
        assertThat(browser.findElements(By.cssSelector("figure.trend canvas"))).isNotEmpty();
        List<String> sampleColumns = browser.findElements(By.cssSelector("table.quarantine thead th")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(sampleColumns).contains("order_id", "_failed_rules", "_reason");
        assertThat(browser.findElements(By.cssSelector("table.quarantine tbody tr")))
                .as("silver.orders quarantined 9 rows in the run")
                .hasSize(9);
        screenshot("viewer-dataset");

        // The run's quality report: the page strata quality report writes, sandboxed, its charts drawn by its own
        // inline scripts (a policy that blocked them would log an error here and fail the test).
        open("/console/runs/" + watchedRun);
        browser.findElement(By.id("quality-report")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console/runs/" + watchedRun + "/report"));
        assertThat(browser.getTitle()).isEqualTo("Quality report: retail run " + watchedRun);
        wait(Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector("div.chart canvas")).isEmpty());
        WebElement silver = browser.findElements(By.cssSelector("section.dataset")).stream()
                .filter(section ->
                        section.findElement(By.tagName("h2")).getText().startsWith("silver.orders"))
                .findFirst()
                .orElseThrow();
        assertThat(silver.findElements(By.cssSelector("table.quarantine tbody tr")))
                .as("the viewer's sample of the 9 rows silver.orders quarantined")
                .hasSize(9);
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("try { return document.cookie; } catch (e) { return 'sandboxed'; }"))
                .as("the report runs in an opaque origin: no cookie to read")
                .isEqualTo("sandboxed");
        screenshot("viewer-quality-report");
    }

    @Test
    @Order(3)
    void aViewerGetsNoControlsAndAForgedPostIsRefusedAndAudited() throws Exception {
        signIn(viewerKey);
        open("/console/runs/" + watchedRun);
        assertThat(browser.findElements(By.id("rerun"))).isEmpty();
        assertThat(browser.findElements(By.id("resume"))).isEmpty();
        assertThat(browser.findElements(By.id("cancel"))).isEmpty();
        assertThat(browser.findElements(By.id("nav-audit"))).isEmpty();
        open("/console/pipelines/retail");
        assertThat(browser.findElements(By.id("run-now"))).isEmpty();

        // A form the page never offered, posted from the page itself (with its CSRF token): the API's role check.
        String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
        ((JavascriptExecutor) browser)
                .executeScript(
                        "var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                                + "var i = document.createElement('input'); i.type = 'hidden'; i.name = 'csrf'; i.value = arguments[1];"
                                + "f.appendChild(i); document.body.appendChild(f); f.submit();",
                        "/console/runs/" + watchedRun + "/rerun",
                        csrf);
        wait(Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".error-page")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".error-page")).getAttribute("data-status"))
                .isEqualTo("403");
        assertThat(text(By.cssSelector(".error-page"))).contains("this needs the operator role on pipeline 'retail'");
        screenshot("viewer-forged-post");
        consoleErrors(); // the 403 itself is logged by the browser as a failed resource: expected here

        JsonNode audit = ServeProcess.json(serve.call("GET", "/api/v1/audit?limit=100", null, null));
        List<String> denied = new ArrayList<>();
        audit.forEach(entry -> {
            if (entry.get("action").asText().equals("POST /console/runs/{id}/rerun")) {
                denied.add(
                        entry.get("result").asText() + " " + entry.get("status").asInt());
            }
        });
        assertThat(denied).containsExactly("denied 403");
    }

    @Test
    @Order(4)
    void thePagesFitADesktopAndAPhone() throws Exception {
        signIn(viewerKey);
        for (Dimension size : List.of(new Dimension(1280, 800), new Dimension(390, 844))) {
            browser.manage().window().setSize(size);
            for (String page : List.of("/console", "/console/pipelines/retail", "/console/runs/" + watchedRun)) {
                open(page);
                long overflow = (Long) ((JavascriptExecutor) browser)
                        .executeScript(
                                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(overflow)
                        .as(page + " at " + size + ": the page scrolls sideways")
                        .isLessThanOrEqualTo(0);
                assertThat(browser.findElement(By.cssSelector("header.top nav")).isDisplayed())
                        .isTrue();
            }
            screenshot("run-" + size.getWidth() + "x" + size.getHeight());
        }
        browser.manage().window().setSize(new Dimension(1280, 800));
    }

    private static void signIn(String key) {
        browser.manage().deleteAllCookies();
        open("/console/login");
        browser.findElement(By.id("token")).sendKeys(key);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait(Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/console/login"));
    }

    private static void open(String path) {
        browser.get(base + path);
    }

    private static String text(By by) {
        return browser.findElement(by).getText().strip();
    }

    private static WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(250));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The browser console's errors since the last call. */
    private static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    private static void screenshot(String name) {
        try {
            Path shot =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new AssertionError("cannot save the screenshot " + name, e);
        }
    }
}
