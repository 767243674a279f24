"""networkx for the model: its graph classes at once, the rest of networkx when first asked for.

`import networkx` imports all of networkx: 285 modules of algorithms, generators, readers,
writers and drawing, about 75 ms, which was a third of the editor's start-up. networkx does not
load them lazily and has declined to (networkx/networkx#2900 and #6048). The model needs only
`DiGraph` to open a project, so `load()` fills the `networkx` package module the way
networkx's own `__init__.py` begins (its exceptions, its utilities with the backend dispatch and
configuration, `networkx.classes`) and gives the module a PEP 562 `__getattr__`. The first name
the module does not have yet (`nx.condensation`, `nx.__version__`, ...) runs networkx's own
`__init__.py` in full on the same module, once, whichever thread asks first; from then on the
module is exactly what `import networkx` gives.

When networkx is already imported, or its core does not load this way (a networkx whose layout
differs), `load()` is a plain `import networkx`.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Callable
from types import ModuleType

# what networkx/__init__.py runs before it imports convert, generators, algorithms and drawing
_CORE = """
from networkx.lazy_imports import _lazy_import
from networkx.exception import *
from networkx import utils
from networkx.utils import _clear_cache, _dispatchable
config = utils.backends._set_configs_from_environment()
utils.config = utils.configs.config = config
from networkx import classes
from networkx.classes import filters
from networkx.classes import *
"""


def load() -> ModuleType:
    """The `networkx` module: complete when it was imported already, otherwise its core."""
    module = sys.modules.get("networkx")
    if module is not None:
        return module
    spec = importlib.util.find_spec("networkx")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        import networkx  # says what is missing

        return networkx
    module = importlib.util.module_from_spec(spec)
    sys.modules["networkx"] = module
    try:
        exec(compile(_CORE, f"<networkx core: {spec.origin}>", "exec"), module.__dict__)
        module.DiGraph  # noqa: B018  # what the model stands on
    except Exception:
        for name in [m for m in sys.modules if m == "networkx" or m.startswith("networkx.")]:
            del sys.modules[name]
        import networkx

        return networkx
    module.__dict__["__getattr__"] = _completer(module, spec)  # PEP 562: the module's missing names
    return module


def _completer(module: ModuleType, spec: importlib.machinery.ModuleSpec) -> Callable[[str], object]:
    lock = threading.RLock()
    state = {"done": False, "running": False}

    def __getattr__(name: str) -> object:
        if name.startswith("__") and name != "__version__":  # introspection (inspect.unwrap asks for
            # __wrapped__, and PySide6's import hook runs it on every module imported): networkx's only
            # module dunder of its own is __version__, so any other would be missing once complete too
            raise AttributeError(f"module 'networkx' has no attribute {name!r}")
        with lock:  # another thread waits here until networkx is complete
            if state["running"]:  # networkx's own __init__ looking for a name it has not set yet
                raise AttributeError(f"module 'networkx' has no attribute {name!r}")
            if not state["done"]:
                state["running"] = True
                try:
                    assert spec.loader is not None  # load() found networkx on the path, with its loader
                    spec.loader.exec_module(module)  # replaces this __getattr__
                finally:
                    state["running"] = False
                state["done"] = True
                if module.__dict__.get("__getattr__") is __getattr__:  # a networkx without one of its own
                    del module.__dict__["__getattr__"]
        return getattr(module, name)  # networkx's own __getattr__, if any, from here on

    return __getattr__


def complete() -> ModuleType:
    """All of networkx, imported now when it was not yet."""
    module = load()
    module.__version__  # noqa: B018  # networkx's own, which the core lacks: asking completes the module
    return module


def complete_in_background() -> threading.Thread | None:
    """Import the rest of networkx in a thread, so that the first analysis finds it there.

    The editor starts this once its window has painted: completing networkx then costs ~85 ms
    (PySide6's import hook reads the source of each module), which the Insights dock would
    otherwise add to its first opening. The window stays responsive meanwhile: the interpreter
    hands the event loop its turn every few milliseconds."""
    if is_complete():
        return None
    thread = threading.Thread(target=complete, name="networkx-import")
    thread.start()
    return thread


def is_complete() -> bool:
    """Whether all of networkx has been imported (the algorithms are there)."""
    return "networkx.algorithms" in sys.modules
