package dev.taper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TaperApplication {

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    SpringApplication.run(TaperApplication.class, args);
  }
}
