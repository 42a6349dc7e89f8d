package dev.taper.e2e;

import dev.taper.CiAssumptions;
import dev.taper.ExternalCommand;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Debian's chromedriver (apt-get install chromium chromium-driver),
 * started so that it reaches nothing but the page under test: no first run, no background
 * networking, no component updates, no sync, a fresh profile. Without them a browser test skips,
 * and fails under TAPER_CI=true.
 */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target/screenshots");
  static final int WIDTH = 1400;

  private final WebDriver driver;
  private final Path profile;

  private Browser(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser start() {
    Optional<Path> chromium = find("chromium", "chromium-browser");
    Optional<Path> chromedriver = find("chromedriver");
    CiAssumptions.assumeOrFailInCi(
        chromium.isPresent() && chromedriver.isPresent(),
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    try {
      Path profile = Files.createTempDirectory("taper-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.get().toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--user-data-dir=" + profile.toAbsolutePath(),
          "--window-size=" + WIDTH + ",1000");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(chromedriver.get().toFile())
              .usingAnyFreePort()
              .build();
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WebDriver driver() {
    return driver;
  }

  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /** The whole page as PNG under target/screenshots/{name}.png (the window grown to fit it). */
  Path screenshot(String name) {
    // the window's height includes the browser's own frame, so grow it by what still overflows
    for (int attempt = 0; attempt < 3; attempt++) {
      long overflow =
          ((Number) script("return document.documentElement.scrollHeight - window.innerHeight;"))
              .longValue();
      if (overflow <= 0) {
        break;
      }
      int height = driver.manage().window().getSize().getHeight();
      driver
          .manage()
          .window()
          .setSize(new Dimension(WIDTH, (int) Math.min(height + overflow, 8000)));
    }
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      File taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(taken.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(new Dimension(WIDTH, 1000));
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover temporary profile is harmless
      }
    }
  }

  private static Optional<Path> find(String... names) {
    for (String name : names) {
      Optional<Path> found = ExternalCommand.onPath(name);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
