package dev.taper.training.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph under construction: inputs, outputs, initializers and nodes, every tensor named
 * uniquely. Knows ONNX, not networks ({@link NetworkGraph} translates DJL blocks onto it).
 */
public final class OnnxGraph {

  /** A dimension given as this in a shape is the symbolic batch dimension. */
  public static final long BATCH = -1;

  private static final String BATCH_NAME = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private final Map<String, Integer> suffixes = new HashMap<>();
  private final Map<String, String> scalars = new HashMap<>();

  public OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Declares a graph input and returns its name. */
  public String input(String name, TensorProto.DataType type, long... dims) {
    graph.addInput(valueInfo(reserve(name), type, dims));
    return name;
  }

  /** Declares the tensor {@code name}, which a node must produce, as a graph output. */
  public void output(String name, TensorProto.DataType type, long... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  /**
   * Adds a constant tensor (its name is made unique from {@code baseName}) and returns the name.
   */
  public String initializer(String baseName, TensorProto.Builder tensor) {
    String name = uniqueName(baseName);
    graph.addInitializer(tensor.setName(name).build());
    return name;
  }

  public String floats(String baseName, float[] values, long... dims) {
    return initializer(baseName, OnnxTensors.floats(values, dims));
  }

  /** A rank-0 float32 constant; asking twice for the same name and value gives the same tensor. */
  public String scalar(String baseName, float value) {
    return scalars.computeIfAbsent(
        baseName + "=" + Float.floatToIntBits(value),
        key -> initializer(baseName, OnnxTensors.floats(new float[] {value})));
  }

  /** A one-dimensional int64 tensor: shapes, axes, indices. */
  public String longs(String baseName, long... values) {
    return initializer(baseName, OnnxTensors.longs(values, values.length));
  }

  /** A scalar int64 tensor (rank 0): e.g. the index of a Gather that drops its axis. */
  public String longScalar(String baseName, long value) {
    return initializer(baseName, OnnxTensors.longs(new long[] {value}));
  }

  public Node op(String opType) {
    return new Node(opType);
  }

  public GraphProto build() {
    return graph.build();
  }

  private String uniqueName(String baseName) {
    String name = baseName;
    while (!names.add(name)) {
      name = baseName + "_" + suffixes.merge(baseName, 1, Integer::sum);
    }
    return name;
  }

  private String reserve(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("tensor name already used: " + name);
    }
    return name;
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
      if (dim == BATCH) {
        d.setDimParam(BATCH_NAME);
      } else {
        d.setDimValue(dim);
      }
      shape.addDim(d);
    }
    TypeProto.Tensor tensor =
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  /** One node being built: its inputs and attributes, then its single output. */
  public final class Node {

    private final NodeProto.Builder node = NodeProto.newBuilder();

    private Node(String opType) {
      node.setOpType(opType);
    }

    public Node input(String... names) {
      for (String name : names) {
        node.addInput(name);
      }
      return this;
    }

    public Node attribute(String name, long value) {
      node.addAttribute(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.INT)
              .setI(value));
      return this;
    }

    public Node attribute(String name, float value) {
      node.addAttribute(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.FLOAT)
              .setF(value));
      return this;
    }

    public Node attribute(String name, long[] values) {
      AttributeProto.Builder attribute =
          AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long value : values) {
        attribute.addInts(value);
      }
      node.addAttribute(attribute);
      return this;
    }

    /** Adds the node with one output named uniquely after {@code baseName}; returns that name. */
    public String output(String baseName) {
      return add(uniqueName(baseName));
    }

    /** Adds the node with one output of exactly this name (a graph output). */
    public String outputNamed(String name) {
      return add(reserve(name));
    }

    private String add(String output) {
      // no node name: it is optional, and the output's name already says what the node is
      node.addOutput(output);
      graph.addNode(node);
      return output;
    }
  }
}
