"""The journey model: pure Python on networkx. Nothing in this package imports Qt."""

from .elements import (
    Annotation,
    Lane,
    Metric,
    MetricSample,
    ModelError,
    Persona,
    Stage,
    Touchpoint,
    new_id,
)
from .journey import Change, Journey, NodeKind, Rel, Removal
from .project import PersonaRemoval, Project
from .storage import LoadError, load_bytes, load_project, save_project
from .vocabulary import (
    EMOTION_LABELS,
    FIVE_CS,
    KEY_COMPONENTS,
    AnnotationKind,
    Channel,
    JourneyState,
    LaneKind,
    MetricKind,
)

__all__ = [
    "Annotation", "AnnotationKind", "Change", "Channel", "EMOTION_LABELS", "FIVE_CS", "Journey",
    "JourneyState", "KEY_COMPONENTS", "Lane", "LaneKind", "LoadError", "Metric", "MetricKind",
    "MetricSample", "ModelError", "NodeKind", "Persona", "PersonaRemoval", "Project", "Rel",
    "Removal", "Stage", "Touchpoint", "load_bytes", "load_project", "new_id", "save_project",
]
