"""Exports the optimizer state of the resumed training traces (traces/train/resume-*.json, state0) the way
docs/checkpoints.md tells a torch user to: the snippet is read from that file and run as it stands.

Run from the repository root with PyTorch (1.13 here):
    /usr/bin/python3 engine-tests/src/test/resources/torch-state/generate.py
"""
import json
import pathlib
import re

import torch

ROOT = pathlib.Path(__file__).resolve().parents[5]
DOC = (ROOT / "docs" / "checkpoints.md").read_text()
exec(re.search(r"```python\n(.*?)```", DOC, re.S).group(1))  # defines save_optimizer_state

OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}
TRACES = ROOT / "engine-tests" / "src" / "test" / "resources" / "traces" / "train"

for name in ["resume-adam", "resume-sgd-momentum"]:
    trace = json.loads((TRACES / (name + ".json")).read_text())
    params = [torch.nn.Parameter(torch.tensor(p["values"], dtype=torch.float32).reshape(p["shape"]))
              for p in trace["params0"].values()]
    optimizer = OPTIMIZERS[trace["optimizer"]](params, **trace["hyper"])
    step = trace["state0"]["step"]
    for p, state in zip(params, trace["state0"]["state"].values()):
        s = {k: torch.tensor(v, dtype=torch.float32).reshape(p.shape) for k, v in state.items()}
        if trace["optimizer"] != "sgd":
            s["step"] = torch.tensor(float(step))  # torch 1.13 keeps the step per parameter, a 0-d tensor
        optimizer.state[p] = s
    save_optimizer_state(optimizer, pathlib.Path(__file__).parent / (name + ".safetensors"))
    print(name, "step", step, "->", name + ".safetensors")
