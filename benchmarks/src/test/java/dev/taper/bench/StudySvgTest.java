package dev.taper.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class StudySvgTest {

  @Test
  void drawsOneMeanDotAndLabelPerMeasuredArmAndEverySeed() throws Exception {
    String svg = StudySvg.render(StudyFixtures.result());

    Document document = parse(svg);
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    // per arm a filled mean dot; per measured seed a hollow one (KD has one of two)
    assertThat(count(svg, "fill=\"none\"")).isEqualTo(11);
    assertThat(count(svg, "r=\"5\"")).isEqualTo(6);
    for (String arm : StudyResult.ARMS) {
      assertThat(svg).contains(">" + arm + "</text>");
    }
    assertThat(svg).contains("tiny: test accuracy (mean ± sample std over 2 seeds)");
  }

  @Test
  void namesArmsWithNoMeasuredSeedAsFailed() throws Exception {
    StudyRecorder recorder = StudyFixtures.oneSeedRecorder();
    StudyRecorder.SeedRecord record = recorder.startSeed(1);
    record.failed("WIDE", "broken", List.of());
    record.failed("KD", "not run", List.of());
    record.measured("SCRATCH", StudyFixtures.seed(1, 86, 85, 1e-3));
    recorder.finishSeed();

    String svg = StudySvg.render(recorder.result());

    parse(svg);
    assertThat(svg).contains("failed: WIDE, KD");
    assertThat(svg).doesNotContain(">WIDE</text>");
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static int count(String text, String what) {
    return (text.length() - text.replace(what, "").length()) / what.length();
  }
}
