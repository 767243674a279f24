"""The model's networkx (app/model/nxcore.py): the graph classes at once, all of networkx on the
first name it does not have yet, and then exactly the module `import networkx` gives.

Each check runs in a fresh interpreter: this test process has imported networkx in full already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fresh(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _public(module) -> list[str]:
    return sorted(n for n in vars(module) if not n.startswith("_"))


def test_the_model_opens_a_project_on_networkx_s_graph_classes_alone() -> None:
    got = _fresh("""
import json, sys
from app.model import load_project
project = load_project("resources/samples/online-retailer.journey")
journey = project.journeys[0]
print(json.dumps({"algorithms": "networkx.algorithms" in sys.modules,
                  "graph": type(journey.graph).__module__ + "." + type(journey.graph).__name__,
                  "nodes": journey.graph.number_of_nodes()}))
""")
    assert got == {"algorithms": False, "graph": "networkx.classes.digraph.DiGraph", "nodes": got["nodes"]}
    assert got["nodes"] > 30


def test_the_first_algorithm_asked_for_completes_networkx() -> None:
    got = _fresh("""
import json, sys
from app.model import nxcore, load_project
from app.model.analytics import analyse
project = load_project("resources/samples/online-retailer.journey")
before = "networkx.algorithms" in sys.modules
report = analyse(project.journeys[0])  # condensation, topological order, simple cycles
import networkx as nx
g = nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 4)])
print(json.dumps({"before": before, "after": nxcore.is_complete(), "version": nx.__version__,
                  "cycles": sorted(map(sorted, nx.simple_cycles(g))), "path": nx.shortest_path(g, 1, 4),
                  "public": sorted(n for n in vars(nx) if not n.startswith("_")),
                  "report": bool(report)}))
""")
    plain = _fresh("""
import json, networkx as nx
print(json.dumps({"version": nx.__version__, "public": sorted(n for n in vars(nx) if not n.startswith("_"))}))
""")
    assert got["before"] is False and got["after"] is True and got["report"] is True
    assert got["cycles"] == [[1, 2, 3]] and got["path"] == [1, 2, 3, 4]
    assert got["version"] == plain["version"]
    assert got["public"] == plain["public"]  # the same module `import networkx` gives


def test_a_missing_name_is_still_an_attribute_error_after_completing() -> None:
    got = _fresh("""
import json
from app.model import nxcore
nx = nxcore.load()
messages = []
for _ in range(2):
    try:
        nx.no_such_algorithm
    except AttributeError as exc:
        messages.append(str(exc))
try:
    nx.random_tree  # networkx's own __getattr__ explains this one
except AttributeError as exc:
    messages.append(str(exc).splitlines()[0])
print(json.dumps(messages))
""")
    assert got[0] == got[1] == "module 'networkx' has no attribute 'no_such_algorithm'"
    assert "random_tree was removed" in got[2]


def test_threads_asking_at_once_all_get_the_algorithm() -> None:
    got = _fresh("""
import json, threading
from app.model import nxcore
nx = nxcore.load()
start, found, errors = threading.Barrier(6), [], []
def ask():
    start.wait()
    try:
        found.append(nx.condensation.__name__)
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=ask) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"found": found, "errors": errors}))
""")
    assert got == {"found": ["condensation"] * 6, "errors": []}


def test_networkx_imported_first_is_used_as_it_is() -> None:
    got = _fresh("""
import json, networkx
from app.model import nxcore
print(json.dumps({"same": nxcore.load() is networkx, "hook": "__getattr__" in vars(networkx)
                  and vars(networkx)["__getattr__"].__module__ == "app.model.nxcore"}))
""")
    assert got == {"same": True, "hook": False}


def test_a_networkx_whose_core_does_not_load_so_is_imported_whole() -> None:
    got = _fresh("""
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("nxcore", "app/model/nxcore.py")  # without app.model, which loads it
nxcore = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nxcore)
nxcore._CORE += "from networkx.no_such_module import anything\\n"  # a networkx laid out differently
nx = nxcore.load()
print(json.dumps({"complete": nxcore.is_complete(), "digraph": nx.DiGraph([(1, 2)]).number_of_edges(),
                  "hook": vars(nx)["__getattr__"].__module__}))
""")
    assert got == {"complete": True, "digraph": 1, "hook": "networkx"}


def test_introspection_and_imports_after_qt_leave_the_core_as_it_is() -> None:
    """PySide6's import hook calls inspect.unwrap on each imported module, which asks for __wrapped__."""
    got = _fresh("""
import inspect, json, sys
from app.model import nxcore
nx = nxcore.load()
from PySide6 import QtCore
import networkx
inspect.unwrap(networkx)
print(json.dumps({"complete": nxcore.is_complete(), "wrapped": hasattr(networkx, "__wrapped__"),
                  "version": networkx.__version__, "then": nxcore.is_complete()}))
""")
    assert got["complete"] is False and got["wrapped"] is False
    assert got["version"] and got["then"] is True  # __version__ is networkx's own: it completes the module
