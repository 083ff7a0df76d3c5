"""The section toolkit: the registry of a plan's phases and what every phase is built from.

``from plans.sections import registry, register, Section, Completeness`` keeps working; the
toolkit's parts live in submodules (see ``docs/phase-apps.md``).
"""

from .registry import Completeness, Section, SectionRegistry, register, registry

__all__ = ["Completeness", "Section", "SectionRegistry", "register", "registry"]
