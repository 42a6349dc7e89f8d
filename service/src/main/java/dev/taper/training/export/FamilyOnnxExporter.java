package dev.taper.training.export;

import dev.taper.training.family.Network;

/** Writes one family's network into a graph, mirroring how the family builds its blocks. */
public interface FamilyOnnxExporter {

  /**
   * Appends the network and returns the name of its logits, (N, classes) float32.
   *
   * @param input the standardised input: (N, exampleShape...) float32
   * @param exampleShape one example as the dataset stores it
   */
  String logits(NetworkGraph graph, Network network, String input, long[] exampleShape);
}
