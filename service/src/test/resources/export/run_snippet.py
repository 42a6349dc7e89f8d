"""Runs a usage snippet against the onnxruntime stand-in, in the current directory, after saving
the raw test examples it reads as images.npy; prints what the snippet printed, then its
predictions as one JSON line after PREDICTIONS.

usage: run_snippet.py SNIPPET_FILE IMAGES_BIN N C H W"""
import ast
import contextlib
import io
import json
import os
import sys

import numpy as np

snippet_file, images_bin = sys.argv[1], sys.argv[2]
shape = [int(d) for d in sys.argv[3:]]
np.save("images.npy", np.fromfile(images_bin, dtype=np.uint8).reshape(shape))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "standin"))

printed = io.StringIO()
with open(snippet_file) as f, contextlib.redirect_stdout(printed):
    exec(compile(f.read(), snippet_file, "exec"), {"__name__": "__main__"})
print(printed.getvalue(), end="")
print("PREDICTIONS " + json.dumps(ast.literal_eval(printed.getvalue().strip().splitlines()[-1])))
