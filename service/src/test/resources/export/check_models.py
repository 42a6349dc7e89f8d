"""Runs the ONNX checker, with full shape inference, on every model named on the command line."""
import sys

import onnx

for path in sys.argv[1:]:
    onnx.checker.check_model(path, full_check=True)
    model = onnx.load(path)
    print(path, "ir", model.ir_version, "opset", model.opset_import[0].version, "ok")
