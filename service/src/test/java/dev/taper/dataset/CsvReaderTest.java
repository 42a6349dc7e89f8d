package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

  @TempDir Path dir;

  private Path csv(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void readsLabelThenFeaturesWithoutScaling() throws IOException {
    Path file = csv("data.csv", "2,0.5,255,-3\n0,1e-3,7,8\n");

    LabeledData data = CsvReader.read(file);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.labels()).containsExactly(2, 0);
    assertThat(data.features()).containsExactly(0.5f, 255f, -3f, 0.001f, 7f, 8f);
    assertThat(data.exampleShape()).containsExactly(3);
    assertThat(data.classes()).isEqualTo(3);
  }

  @Test
  void detectsHeaderAndSkipsBlankLinesAndCrLf() throws IOException {
    Path file = csv("data.csv", "\uFEFFlabel,pixel1,pixel2\r\n\r\n1,0.1,0.2\r\n   \r\n3.0,0.3,0.4");

    LabeledData data = CsvReader.read(file);

    assertThat(data.labels()).containsExactly(1, 3);
    assertThat(data.features()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
    assertThat(data.classes()).isEqualTo(4);
  }

  @Test
  void numericFirstRowIsData() throws IOException {
    LabeledData data = CsvReader.read(csv("data.csv", "0, 1, 2\n1, 3, 4\n"), 5);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.features()).containsExactly(1f, 2f, 3f, 4f);
    assertThat(data.classes()).isEqualTo(5);
  }

  @Test
  void aFirstLineWhoseLabelIsANumberIsAnExampleSoATypoInItIsRefused() throws IOException {
    assertThatThrownBy(() -> CsvReader.read(csv("typo.csv", "0,0.5,oops\n1,3,4\n")))
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.offset()).isEqualTo(0))
        .hasMessage("typo.csv at offset 0: line 1 field 3: 'oops' is not a number");
    // after a byte order mark and a blank line, the line number and offset are the line's own
    assertThatThrownBy(() -> CsvReader.read(csv("empty.csv", "\uFEFF\r\n0,1,\r\n1,3,4\r\n")))
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.offset()).isEqualTo(5))
        .hasMessageStartingWith("empty.csv at offset 5: line 2 field 3: '' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("hex.csv", "0,0x10,2\n1,3,4\n")))
        .hasMessageStartingWith("hex.csv at offset 0: line 1 field 2: '0x10' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("suffix.csv", "0,1d,2\n1,3,4\n")))
        .hasMessageStartingWith("suffix.csv at offset 0: line 1 field 2: '1d' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("nan.csv", "0,NaN,2\n1,3,4\n")))
        .hasMessage("nan.csv at offset 0: line 1 field 2: 'NaN' is not a finite number");
  }

  @Test
  void aHeaderMayNameItsFeatureColumnsWithNumbers() throws IOException {
    // pandas writes integer column names as numbers: label,0,1
    LabeledData data = CsvReader.read(csv("pandas.csv", "label,0,1\n1,3,4\n0,5,6\n"));
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.features()).containsExactly(3f, 4f, 5f, 6f);
  }

  @Test
  void raggedRowNamesLineAndOffset() throws IOException {
    // line 1 header (10 bytes), line 2 data (6 bytes), line 3 blank (1), line 4 ragged at 17
    Path file = csv("ragged.csv", "label,a,b\n1,2,3\n\n0,1\n");

    assertThatThrownBy(() -> CsvReader.read(file))
        .isInstanceOfSatisfying(
            DatasetFormatException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.offset()).isEqualTo(17);
              assertThat(e.reason()).isEqualTo("line 4 has 2 fields, expected 3 like line 1");
            })
        .hasMessage("ragged.csv at offset 17: line 4 has 2 fields, expected 3 like line 1");
  }

  @Test
  void nonNumericFeature() throws IOException {
    Path file = csv("bad.csv", "1,2,3\n0,x7,3\n");

    assertThatThrownBy(() -> CsvReader.read(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("bad.csv at offset 6: line 2 field 2: 'x7' is not a number");
  }

  @Test
  void emptyAndNonFiniteFeatures() throws IOException {
    assertThatThrownBy(() -> CsvReader.read(csv("a.csv", "1,2,3\n0,,3\n")))
        .hasMessage("a.csv at offset 6: line 2 field 2: '' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("b.csv", "1,2,NaN\n")))
        .hasMessage("b.csv at offset 0: line 1 field 3: 'NaN' is not a finite number");
  }

  @Test
  void badLabels() throws IOException {
    assertThatThrownBy(() -> CsvReader.read(csv("neg.csv", "1,2\n-1,3\n")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("neg.csv at offset 4: line 2 field 1: label '-1' is negative");
    assertThatThrownBy(() -> CsvReader.read(csv("frac.csv", "1,2\n2.5,3\n")))
        .hasMessage("frac.csv at offset 4: line 2 field 1: label '2.5' is not an integer");
    assertThatThrownBy(() -> CsvReader.read(csv("word.csv", "h,i\n1,2\ncat,3\n")))
        .hasMessage("word.csv at offset 8: line 3 field 1: label 'cat' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("range.csv", "1,2\n4,3\n"), 4))
        .hasMessage("range.csv at offset 4: line 2 label 4 is outside 0..3 (4 classes)");
  }

  @Test
  void needsFeaturesAndExamples() throws IOException {
    assertThatThrownBy(() -> CsvReader.read(csv("one.csv", "1\n2\n")))
        .hasMessage(
            "one.csv at offset 0: line 1 needs a label and at least one feature, has 1 field");
    assertThatThrownBy(() -> CsvReader.read(csv("header-only.csv", "label,x\n\n")))
        .isInstanceOfSatisfying(
            DatasetFormatException.class, e -> assertThat(e.offset()).isEqualTo(9))
        .hasMessageContaining("no examples");
  }

  @Test
  void readsGzipByContent() throws IOException {
    Path file =
        Files.write(
            dir.resolve("data.csv"),
            IdxFiles.gzip("y,x\n1,0.5\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(CsvReader.read(file).features()).containsExactly(0.5f);
  }

  @Test
  void quotedFieldsLoneCarriageReturnsAndOnlyDecimalNumbers() throws IOException {
    LabeledData quoted =
        CsvReader.read(csv("quoted.csv", "\"label\",\"x, the first\"\n\"1\",\"0.5\"\r0,-2e-1\r"));
    assertThat(quoted.labels()).containsExactly(1, 0);
    assertThat(quoted.features()).containsExactly(0.5f, -0.2f);
    assertThatThrownBy(() -> CsvReader.read(csv("suffix.csv", "1,2\n0,1d\n")))
        .hasMessage("suffix.csv at offset 4: line 2 field 2: '1d' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("hex.csv", "1,2\n0x1,3\n")))
        .hasMessage("hex.csv at offset 4: line 2 field 1: label '0x1' is not a number");
    assertThatThrownBy(() -> CsvReader.read(csv("open.csv", "1,2\n0,\"3\n")))
        .hasMessage(
            "open.csv at offset 4: line 2 has a quoted field whose closing quote is missing");
    assertThat(CsvReader.isDecimal("+.5E+3")).isTrue();
    assertThat(CsvReader.isDecimal("5.")).isTrue();
    assertThat(CsvReader.isDecimal(".")).isFalse();
    assertThat(CsvReader.isDecimal("1e")).isFalse();
    assertThat(CsvReader.isDecimal("١")).isFalse();
  }

  @Test
  void nonFiniteSpellingsAreRefusedAsSuchAndLabelsStayBelowTheClassLimit() throws IOException {
    assertThatThrownBy(() -> CsvReader.read(csv("nan.csv", "1,2\n0,nan\n")))
        .hasMessage("nan.csv at offset 4: line 2 field 2: 'nan' is not a finite number");
    assertThatThrownBy(() -> CsvReader.read(csv("inf.csv", "1,2\n0,-inf\n")))
        .hasMessage("inf.csv at offset 4: line 2 field 2: '-inf' is not a finite number");
    assertThatThrownBy(() -> CsvReader.readAtMost(csv("many.csv", "1,2\n7,3\n"), 5))
        .hasMessage(
            "many.csv at offset 4: line 2 label 7 would make 8 classes; a dataset has at most 5");
    assertThat(CsvReader.readAtMost(csv("few.csv", "1,2\n4,3\n"), 5).classes()).isEqualTo(5);
  }

  @Test
  void aQuoteOpensAQuotedFieldOnlyAtTheFieldsStart() {
    assertThat(CsvReader.fields("x\"y, \"a,b\" ,\"c\"\"d\""))
        .containsExactly("x\"y", "a,b ", "c\"d");
  }
}
