"""A stand-in for the onnxruntime package, for checking usage snippets where onnxruntime for
Python cannot be installed (Debian has no package; PyPI may be out of reach). It offers the part
of the API the snippets use -- InferenceSession(path), get_inputs(), get_outputs(),
get_modelmeta().custom_metadata_map, run(output_names, feeds) -- and evaluates the graph with
numpy, for the operators of Taper's float32 and int8 MLP exports only. Like onnxruntime, it
refuses feeds of the wrong name, element type or rank."""
import numpy as np
import onnx
from onnx import numpy_helper

_TYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 7: np.int64, 10: np.float16}


class _Arg:
    def __init__(self, value_info):
        tensor = value_info.type.tensor_type
        self.name = value_info.name
        self.type = _TYPES[tensor.elem_type]
        self.shape = [d.dim_param or d.dim_value for d in tensor.shape.dim]


class _Meta:
    def __init__(self, model):
        self.custom_metadata_map = {p.key: p.value for p in model.metadata_props}


def _cast(x, node):
    to = next(a.i for a in node.attribute if a.name == "to")
    return x.astype(_TYPES[to])


def _flatten(x, node):
    axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
    return x.reshape(int(np.prod(x.shape[:axis])), -1)


_OPS = {
    "Cast": lambda n, x: _cast(x[0], n),
    "Div": lambda n, x: x[0] / x[1],
    "Sub": lambda n, x: x[0] - x[1],
    "Mul": lambda n, x: x[0] * x[1],
    "Add": lambda n, x: x[0] + x[1],
    "MatMul": lambda n, x: x[0] @ x[1],
    "Relu": lambda n, x: np.maximum(x[0], 0),
    "Flatten": lambda n, x: _flatten(x[0], n),
    "Identity": lambda n, x: x[0],
}


class InferenceSession:
    def __init__(self, path, **_):
        self._model = onnx.load(path)
        graph = self._model.graph
        self._constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}

    def get_inputs(self):
        return [_Arg(v) for v in self._model.graph.input]

    def get_outputs(self):
        return [_Arg(v) for v in self._model.graph.output]

    def get_modelmeta(self):
        return _Meta(self._model)

    def run(self, output_names, feeds):
        values = dict(self._constants)
        for arg in self.get_inputs():
            if arg.name not in feeds:
                raise ValueError("missing input " + arg.name)
            x = feeds[arg.name]
            if x.dtype != arg.type or x.ndim != len(arg.shape):
                raise ValueError(
                    "input %s wants %s of rank %d, got %s of rank %d"
                    % (arg.name, arg.type.__name__, len(arg.shape), x.dtype, x.ndim))
            values[arg.name] = x
        for node in self._model.graph.node:
            if node.op_type not in _OPS:
                raise NotImplementedError("the stand-in does not evaluate " + node.op_type)
            values[node.output[0]] = _OPS[node.op_type](node, [values[i] for i in node.input])
        names = output_names or [o.name for o in self._model.graph.output]
        return [values[name] for name in names]
